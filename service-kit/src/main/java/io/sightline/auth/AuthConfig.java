package io.sightline.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Who may call what; the same keys for every service (decisions 008 and 085). */
@ConfigMapping(prefix = "sightline.auth")
public interface AuthConfig {

    /**
     * The bearer token that grants every role (env {@code SIGHTLINE_AUTH_TOKEN}). Kept from the first
     * scheme; prefer named, hashed {@link #tokens()}.
     */
    Optional<String> token();

    /**
     * Whether prediction ({@code /predict}, OIP {@code infer}) needs a token with the predict role, when any
     * identity is configured (default true). False: anyone may predict.
     */
    @WithDefault("true")
    boolean protectPredict();

    /**
     * Whether reads (GETs of datasets, models, jobs, reports, console data) need the read role (default false:
     * anyone may read). The Helm chart turns it on.
     */
    @WithDefault("false")
    boolean protectReads();

    /** Whether {@code /q/metrics} needs a token with the read role (default false). Health is always open. */
    @WithDefault("false")
    boolean protectMetrics();

    /**
     * Named tokens, each stored as the hex SHA-256 of the token and the roles it grants:
     * {@code sightline.auth.tokens."ci".sha256=<hex>}, {@code sightline.auth.tokens."ci".roles=read,write}.
     */
    Map<String, NamedToken> tokens();

    /**
     * The same as one value, for an environment variable from a Secret ({@code SIGHTLINE_AUTH_TOKEN_LIST}):
     * {@code name:sha256hex:role+role}, entries separated by commas.
     */
    Optional<String> tokenList();

    /** How the roles of an identity provider's JWTs are read; verification itself is {@code mp.jwt.verify.*}. */
    Jwt jwt();

    /** One named, hashed token. */
    interface NamedToken {
        /** Hex SHA-256 of the token's UTF-8 bytes (64 hex digits). */
        String sha256();

        /** The roles its holder gets. */
        Set<String> roles();
    }

    /** Reading roles out of a verified JWT. */
    interface Jwt {
        /** The claim holding the caller's groups (a JSON array of strings, or one space-separated string). */
        @WithDefault("groups")
        String rolesClaim();

        /**
         * Groups of the identity provider mapped onto Sightline roles, e.g. {@code role-mapping."ml-admins"=admin,write}.
         * A group named like a Sightline role ({@code read}, {@code predict}, {@code write}, {@code admin}) is that
         * role without a mapping.
         */
        Map<String, List<String>> roleMapping();
    }

    /** A fixed configuration with the single token only, for tests and tools that run without Quarkus. */
    static AuthConfig of(String token, boolean protectPredict) {
        return AuthSettings.builder().token(token).protectPredict(protectPredict).build();
    }
}
