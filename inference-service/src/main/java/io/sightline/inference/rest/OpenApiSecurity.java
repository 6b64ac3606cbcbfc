package io.sightline.inference.rest;

/** Name of the bearer security scheme of the OpenAPI document (declared on {@link PredictResource}). */
final class OpenApiSecurity {

    static final String BEARER = "bearer";

    private OpenApiSecurity() {
    }
}
