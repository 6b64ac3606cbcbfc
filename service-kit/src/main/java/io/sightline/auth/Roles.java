package io.sightline.auth;

/** The roles the services check with {@code @RolesAllowed}. */
public final class Roles {

    /** May classify: {@code POST /predict/*}, {@code POST /v2/models/{m}/infer}. */
    public static final String PREDICT = "predict";
    /** May create: datasets, training jobs, promotions. */
    public static final String WRITE = "write";
    /** May load and unload models. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
