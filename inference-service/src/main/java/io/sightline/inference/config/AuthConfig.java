package io.sightline.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Who may call what. */
@ConfigMapping(prefix = "sightline.auth")
public interface AuthConfig {

    /**
     * The bearer token that grants every role (env {@code SIGHTLINE_AUTH_TOKEN}). Unset: prediction is
     * open to anyone and the admin endpoints are disabled (403).
     */
    Optional<String> token();

    /**
     * Whether prediction ({@code /predict}, OIP {@code infer}) needs the token too, when one is set
     * (default true). False: only the admin endpoints need it.
     */
    @WithDefault("true")
    boolean protectPredict();
}
