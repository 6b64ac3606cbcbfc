package io.sightline.kit.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the artefact store is; every Sightline service must name the same one. */
@ConfigMapping(prefix = "sightline.store")
public interface StoreConfig {

    /**
     * The store's URI: {@code file:/path} (a folder, created when missing; on a cluster a ReadWriteMany
     * volume) or {@code s3://bucket/prefix[?endpoint=…&region=…]}. A relative {@code file:} path is taken
     * from the working directory.
     */
    @WithDefault("file:${user.home}/.sightline")
    String uri();
}
