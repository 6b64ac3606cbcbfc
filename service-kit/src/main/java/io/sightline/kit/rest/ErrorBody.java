package io.sightline.kit.rest;

/**
 * The body of every error a service answers: {@code {"error": "..."}}.
 *
 * @param error what went wrong, in one sentence a person can act on
 */
public record ErrorBody(String error) {
}
