/**
 * What the domain packages share: the failures a request can meet ({@link
 * io.sightline.inference.UnknownModelException}, {@link io.sightline.inference.ModelNotLoadedException},
 * {@link io.sightline.inference.ServerBusyException}, {@link io.sightline.inference.InvalidInputException}),
 * thrown by more than one of them and mapped to statuses by {@code rest}; and the service's meters
 * ({@link io.sightline.inference.InferenceMetrics}).
 *
 * <p>The domain itself lives in {@code registry} (which version of each model serves), {@code batching}
 * (forward passes shared by concurrent requests), {@code serving} (answering a request) and {@code readiness}
 * (when the instance may take traffic). All plain Java: no JAX-RS, no messaging, no CDI; {@code config} wires
 * it, {@code rest}, {@code messaging}, {@code health} and {@code tracing} adapt it.
 */
package io.sightline.inference;
