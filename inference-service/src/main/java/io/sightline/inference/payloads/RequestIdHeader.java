package io.sightline.inference.payloads;

import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Answers a logged request's id in {@value RequestIds#HEADER}; requests that were not logged are left alone. */
public class RequestIdHeader {

    private final RequestIds ids;

    public RequestIdHeader(RequestIds ids) {
        this.ids = ids;
    }

    @ServerResponseFilter
    public void answer(ContainerResponseContext response) {
        String id = ids.taken();
        if (id != null) {
            response.getHeaders().putSingle(RequestIds.HEADER, id);
        }
    }
}
