/**
 * The inference domain: which model versions serve ({@link io.sightline.inference.ModelRegistry}, fed by
 * promotions), the loaded versions themselves ({@link io.sightline.inference.ServedModel}, reference
 * counted so a hot swap never pulls a model from under a running request), predictions
 * ({@link io.sightline.inference.Predictor}), readiness and metrics. Plain Java: no JAX-RS, no messaging,
 * no CDI; {@code config} wires it, {@code rest} and {@code messaging} adapt it.
 */
package io.sightline.inference;
