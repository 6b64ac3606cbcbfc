package io.sightline.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the artefact store is; shared by every Sightline service. */
@ConfigMapping(prefix = "sightline.store")
public interface StoreConfig {

    /**
     * The store's URI: {@code file:/path} or {@code s3://bucket/prefix} (default
     * {@code file:${user.home}/.sightline}).
     */
    @WithDefault("file:${user.home}/.sightline")
    String uri();
}
