package io.sightline.inference.security;

/** The roles this service checks with {@code @RolesAllowed}. */
public final class Roles {

    /** May classify: {@code POST /predict/*}, {@code POST /v2/models/{m}/infer}. */
    public static final String PREDICT = "predict";
    /** May load and unload models. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
