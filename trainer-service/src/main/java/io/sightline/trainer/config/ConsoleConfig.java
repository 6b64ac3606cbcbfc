package io.sightline.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the web console at {@code /console/} talks to besides this service. */
@ConfigMapping(prefix = "sightline.console")
public interface ConsoleConfig {

    /**
     * Base URL (http or https) of the dataset-service that the console's import form forwards to: layout
     * previews, imports and their progress. Configuration only; the console never takes a URL from a request.
     */
    @WithDefault("http://localhost:8081")
    String datasetServiceUrl();
}
