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

    /** How long a dropped archive or folder may take to reach the dataset-service, answer included. */
    @WithDefault("1h")
    java.time.Duration uploadTimeout();

    /**
     * The largest JSON body this service reads. Its HTTP limit ({@code quarkus.http.limits.max-body-size}) lets
     * the console's archive uploads through, which stream to the dataset-service; every other body is held to this.
     */
    @WithDefault("1048576")
    long maxJsonBytes();
}
