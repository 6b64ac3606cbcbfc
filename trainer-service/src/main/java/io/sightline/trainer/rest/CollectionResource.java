package io.sightline.trainer.rest;

import io.sightline.auth.Roles;
import io.sightline.trainer.gc.CollectionReport;
import io.sightline.trainer.gc.TrainerCollection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class CollectionResource {

    private final TrainerCollection collection;

    CollectionResource(TrainerCollection collection) {
        this.collection = collection;
    }

    @POST
    @Path("/gc")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Collect now: model retention, checkpoints and lease files of finished jobs, backbone"
            + " downloads over their budget")
    public CollectionReport collect() throws IOException {
        return collection.run();
    }
}
