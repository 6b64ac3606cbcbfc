package io.sightline.trainer.rest;

/** The body of every error answer. */
public record ErrorResponse(String error) {
}
