package io.sightline.dataset.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The artefact store shared by all Sightline services. */
@ConfigMapping(prefix = "sightline.store")
public interface StoreConfig {

    /** Where the store is: {@code file:/absolute/folder} (created when missing). */
    @WithDefault("file:${user.home}/.sightline")
    String uri();
}
