/**
 * Answering a request: {@link io.sightline.inference.serving.Predictor} leases the serving version from the
 * registry, decodes and preprocesses on the caller's thread, runs the rows through the model's batcher and
 * returns {@link io.sightline.inference.serving.PredictionResult} (top-k of one image) or
 * {@link io.sightline.inference.serving.TensorResult} (probabilities of a batch, for the v2 protocol).
 */
package io.sightline.inference.serving;
