package io.sightline.kit.rest;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Told of every error {@link SharedErrorMappers} answers, with a short cause ({@code unauthorized},
 * {@code not_found}…, see {@link ErrorCauses}), so that a service may count the ones it cares about. The
 * kit's default counts nothing.
 */
public interface RefusedRequests {

    void refused(ContainerRequestContext request, String cause);
}
