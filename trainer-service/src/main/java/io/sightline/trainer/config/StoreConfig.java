package io.sightline.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The artefact store shared by all Sightline services. */
@ConfigMapping(prefix = "sightline.store")
public interface StoreConfig {

    /**
     * Where the store is: {@code file:/path} (a folder; on a cluster a ReadWriteMany volume). Must be the
     * same store the dataset and inference services use.
     */
    @WithDefault("file:${user.home}/.sightline")
    String uri();
}
