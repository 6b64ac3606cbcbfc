package io.sightline.dataset.rest;

import io.sightline.auth.Roles;
import io.sightline.dataset.DatasetGc;
import io.sightline.kit.openapi.OpenApiDeclarations;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Runs the garbage collection now, as the schedule does. */
@Path("/admin/gc")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = OpenApiDeclarations.BEARER)
public class AdminGcResource {

    private final DatasetGc gc;

    public AdminGcResource(DatasetGc gc) {
        this.gc = gc;
    }

    @POST
    @Operation(summary = "Retention (every dataset's policy, through the delete path), then the store's blob"
            + " collection; deferred while an import writes")
    @APIResponse(responseCode = "200", description = "what was deleted and reclaimed; deferred says why the blob"
            + " collection did not run")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = OpenApiDeclarations.ADMIN_DISABLED)
    public DatasetGc.Report collect() throws IOException {
        return gc.run();
    }
}
