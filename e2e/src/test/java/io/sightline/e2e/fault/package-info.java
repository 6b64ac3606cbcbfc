/**
 * Fault injection across the packaged services: SIGKILLed trainer and dataset-service, a Kafka broker
 * stopped and restarted mid-work, poison records on every consumed topic, hot swaps under load. All
 * classes run on the run's {@link io.sightline.e2e.SharedStack} (a real broker and the three services as
 * processes), through {@link io.sightline.e2e.fault.FaultStack}, and leave it running and healthy for the next. By default each scenario runs in a reduced
 * form sized for CI; {@code -Dsightline.faults=full} runs the long variants. What each one showed is in
 * {@code docs/reliability.md}.
 */
package io.sightline.e2e.fault;
