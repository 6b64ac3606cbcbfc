package io.sightline.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Who may call what; the same keys for every service. */
@ConfigMapping(prefix = "sightline.auth")
public interface AuthConfig {

    /**
     * The bearer token that grants every role (env {@code SIGHTLINE_AUTH_TOKEN}). Unset: writes and
     * prediction are open to anyone and admin endpoints are disabled (403). Reads never need it.
     */
    Optional<String> token();

    /**
     * Whether prediction ({@code /predict}, OIP {@code infer}) needs the token too, when one is set
     * (default true). False: only the admin endpoints need it.
     */
    @WithDefault("true")
    boolean protectPredict();

    /** A fixed configuration, for tests and tools that run without Quarkus. */
    static AuthConfig of(String token, boolean protectPredict) {
        Optional<String> configured = Optional.ofNullable(token);
        return new AuthConfig() {
            @Override
            public Optional<String> token() {
                return configured;
            }

            @Override
            public boolean protectPredict() {
                return protectPredict;
            }
        };
    }
}
