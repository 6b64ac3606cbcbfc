/**
 * Dynamic batching: per model, a bounded queue of preprocessed rows and worker threads that run what is
 * queued as one forward pass ({@link io.sightline.inference.batching.DynamicBatcher}), made on a model's
 * first request by {@link io.sightline.inference.batching.ModelBatchers}, all with the same
 * {@link io.sightline.inference.batching.BatchSettings}. A full queue refuses at once rather than growing.
 */
package io.sightline.inference.batching;
