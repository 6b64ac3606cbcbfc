/**
 * The HTTP surface: {@code POST /predict/{model}}, {@code GET /models}, the Open Inference Protocol v2
 * under {@code /v2}, request limits, and the mapping of this service's failures to {@code {"error": "..."}}
 * with their status. What every service answers alike (a missing token, unreadable JSON, JAX-RS' own
 * refusals) is mapped by service-kit's shared mappers, in this service's words ({@code InferenceErrorWording});
 * refused predictions are counted by cause ({@code PredictionRefusalCount}). Resources only map in, call the
 * domain and map out.
 */
package io.sightline.inference.rest;
