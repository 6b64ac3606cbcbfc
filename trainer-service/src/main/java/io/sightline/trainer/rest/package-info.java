/**
 * The HTTP API: {@code /training-jobs} and {@code /models}. Resources map JSON to domain calls and back;
 * every error is {@code {"error": "..."}}: 400 for an invalid job, 404 for anything unknown, 503 when the
 * broker did not take the event, 500 when the store failed ({@link io.sightline.trainer.rest.ErrorMappers}).
 * The service kit maps a missing token (401), an unreadable JSON body and JAX-RS' own refusals, in this
 * service's wording ({@code TrainerErrorWording}).
 */
package io.sightline.trainer.rest;
