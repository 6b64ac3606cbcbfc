/**
 * Sightline's trainer service: turns a published dataset version into a trained, published and (when it
 * passes the gate) promoted model version. Role packages: {@code rest} (HTTP), {@code messaging} (Kafka),
 * {@code config} (configuration and wiring), {@code tracing} (spans); the domain lives in {@code training} (DJL
 * training), {@code registry} (model versions in the store), {@code datasets} (dataset versions in the store) and
 * {@code jobs} (job orchestration), none of which imports JAX-RS or messaging APIs. What every service wires alike
 * (the store, error answers, tracing helpers, authentication) comes from the service kit.
 */
package io.sightline.trainer;
