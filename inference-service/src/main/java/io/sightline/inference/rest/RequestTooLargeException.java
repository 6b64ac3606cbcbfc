package io.sightline.inference.rest;

/** A request body over the configured limit: answered with 413. */
final class RequestTooLargeException extends RuntimeException {

    RequestTooLargeException(long limit) {
        super("request body exceeds the limit of " + limit + " bytes");
    }
}
