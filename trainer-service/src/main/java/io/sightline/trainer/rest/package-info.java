/**
 * The HTTP API: {@code /training-jobs} and {@code /models}. Resources map JSON to domain calls and back;
 * every error is {@code {"error": "..."}} with a 4xx/5xx status ({@link io.sightline.trainer.rest.ErrorMappers}).
 */
package io.sightline.trainer.rest;
