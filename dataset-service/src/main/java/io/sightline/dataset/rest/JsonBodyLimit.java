package io.sightline.dataset.rest;

import io.sightline.dataset.config.DatasetConfig;
import io.sightline.kit.rest.ErrorBody;
import io.sightline.kit.rest.JsonBodyBound;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Every body but an archive upload is a small JSON document: Vert.x' own limit has to let archives of
 * gigabytes through, so this holds the others to {@code limits.max-json-bytes} ({@link JsonBodyBound}).
 */
class JsonBodyLimit {

    /** The one resource method whose body may be large: it streams to disk. */
    static final String ARCHIVE_METHOD = "archive";

    private final long maxBytes;

    JsonBodyLimit(DatasetConfig config) {
        this.maxBytes = config.limits().maxJsonBytes();
    }

    @ServerRequestFilter
    RestResponse<ErrorBody> limit(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (resource == null || ARCHIVE_METHOD.equals(resource.getMethodName())) {
            return null;
        }
        return JsonBodyBound.apply(request, maxBytes, "a JSON body is at most " + maxBytes
                + " bytes (archives go to POST /datasets/{name}/archive)");
    }
}
