package io.sightline.trainer.rest;

import io.sightline.kit.rest.ErrorBody;
import io.sightline.kit.rest.JsonBodyBound;
import io.sightline.trainer.config.ConsoleConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * The HTTP limit lets the console's archive uploads of gigabytes through (they stream on to the dataset-service);
 * every other body is a small JSON document and is held to {@code sightline.console.max-json-bytes}.
 */
class JsonBodyLimit {

    private final long maxBytes;

    JsonBodyLimit(ConsoleConfig config) {
        this.maxBytes = config.maxJsonBytes();
    }

    @ServerRequestFilter
    RestResponse<ErrorBody> limit(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource == null || ConsoleResource.UPLOAD_METHOD.equals(resource.getMethodName())
                && resource.getResourceClass() == ConsoleResource.class) {
            return null;
        }
        return JsonBodyBound.apply(request, maxBytes, "a JSON body is at most " + maxBytes
                + " bytes (datasets go to the dataset-service, or through the console's upload)");
    }
}
