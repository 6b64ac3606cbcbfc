package io.sightline.dataset.rest;

/** Every error response: one sentence a person can act on. */
public record ErrorBody(String error) {
}
