package io.sightline.trainer.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Who may change things; shared by all Sightline services. */
@ConfigMapping(prefix = "sightline.auth")
public interface AuthConfig {

    /**
     * The bearer token write requests ({@code POST}) need (env {@code SIGHTLINE_AUTH_TOKEN}). Unset: anyone
     * may write. Reads never need it.
     */
    Optional<String> token();
}
