package io.sightline.kit.rest;

/** The short cause of an error answer, as metrics tag it: stable words, never a message. */
public final class ErrorCauses {

    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String INVALID_INPUT = "invalid_input";

    private ErrorCauses() {
    }

    /** The cause of a refusal by JAX-RS itself, by its status. */
    public static String ofStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_INPUT;
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
    }
}
