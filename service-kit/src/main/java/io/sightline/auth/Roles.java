package io.sightline.auth;

import java.util.Set;

/**
 * The roles the services check with {@code @RolesAllowed}. They do not nest: a caller holds the roles its token
 * lists (or its identity provider's groups map to), plus what the deployment leaves open to anyone.
 */
public final class Roles {

    /** May look: datasets, models, jobs, reports, the console's data; needed only when reads are protected. */
    public static final String READ = "read";
    /** May classify: {@code POST /predict/*}, {@code POST /v2/models/{m}/infer}. */
    public static final String PREDICT = "predict";
    /** May create: datasets, training jobs, promotions. */
    public static final String WRITE = "write";
    /** May load and unload models, and promote a version the promotion gate refused. */
    public static final String ADMIN = "admin";

    /** Every role: what the single {@code sightline.auth.token} grants. */
    public static final Set<String> ALL = Set.of(READ, PREDICT, WRITE, ADMIN);

    private Roles() {
    }
}
