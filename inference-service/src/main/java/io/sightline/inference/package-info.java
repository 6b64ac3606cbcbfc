/**
 * What the domain packages share: the failures a request can meet ({@link
 * io.sightline.inference.UnknownModelException}, {@link io.sightline.inference.ModelNotLoadedException},
 * {@link io.sightline.inference.ServerBusyException}, {@link io.sightline.inference.InvalidInputException}),
 * which {@code rest} maps to statuses; the service's meters ({@link io.sightline.inference.InferenceMetrics});
 * and {@link io.sightline.inference.ModelLoader}, the seam through which a promotion becomes a loaded model
 * (wrapped by {@code tracing}).
 *
 * <p>The domain itself lives in {@code registry} (which version of each model serves), {@code batching}
 * (forward passes shared by concurrent requests), {@code serving} (answering a request) and {@code readiness}
 * (when the instance may take traffic). All plain Java: no JAX-RS, no messaging, no CDI; {@code config} wires
 * it, {@code rest}, {@code messaging}, {@code health} and {@code tracing} adapt it.
 */
package io.sightline.inference;
