package io.sightline.kit.rest;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;

/** The {@link RefusedRequests} of a service that declares none: nothing is counted. */
@ApplicationScoped
class NoRefusalCount {

    @Produces
    @DefaultBean
    @ApplicationScoped
    RefusedRequests uncounted() {
        return (ContainerRequestContext request, String cause) -> { };
    }
}
