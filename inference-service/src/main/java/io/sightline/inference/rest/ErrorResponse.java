package io.sightline.inference.rest;

/**
 * The body of every error this service answers.
 *
 * @param error what went wrong, for a human
 */
public record ErrorResponse(String error) {
}
