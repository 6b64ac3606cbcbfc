package io.sightline.dataset.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A test-only endpoint that forgot its security annotation: the service must deny it, not serve it. */
@Path(UnannotatedProbeResource.PATH)
public class UnannotatedProbeResource {

    static final String PATH = "/test-only/unannotated";

    @GET
    public String probe() {
        return "served";
    }
}
