package io.sightline.kit.openapi;

/**
 * Names and wording the services' OpenAPI annotations share (annotation values must be constants, so they
 * live here rather than in a helper method): the bearer security scheme, and the descriptions of the
 * error answers that mean the same on every service.
 */
public final class OpenApiDeclarations {

    /** Name of the bearer security scheme, for {@code @SecurityScheme} and {@code @SecurityRequirement}. */
    public static final String BEARER = "bearer";

    /** What the bearer scheme's token is. */
    public static final String BEARER_DESCRIPTION = "a JWT of the configured identity provider, a named token "
            + "(sightline.auth.tokens) or the single sightline.auth.token; roles read, predict, write, admin";

    /** A 401 of an endpoint that needs a role when an identity is configured. */
    public static final String UNAUTHORIZED = "a bearer token is required and was not sent, or is not accepted";

    /** A 403 of an endpoint whose caller lacks its role. */
    public static final String FORBIDDEN = "the token lacks the role this endpoint needs";

    /** A 401 of an admin endpoint. */
    public static final String ADMIN_UNAUTHORIZED = "no or wrong bearer token";

    /** A 403 of an admin endpoint. */
    public static final String ADMIN_DISABLED = "the token lacks the admin role, or admin endpoints are disabled: no "
            + "token is configured";

    /** A 413. */
    public static final String TOO_LARGE = "body over the size limit";

    private OpenApiDeclarations() {
    }
}
