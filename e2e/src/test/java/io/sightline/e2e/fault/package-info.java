/**
 * Fault injection across the packaged services: SIGKILLed trainer and dataset-service, a Kafka broker
 * stopped and restarted mid-work, poison records on every consumed topic, hot swaps under load. All
 * classes share one {@link io.sightline.e2e.fault.FaultStack} (a real broker and the three services as
 * processes) and leave it running and healthy for the next. By default each scenario runs in a reduced
 * form sized for CI; {@code -Dsightline.faults=full} runs the long variants. What each one showed is in
 * {@code docs/reliability.md}.
 */
package io.sightline.e2e.fault;
