package io.sightline.inference.rest;

import io.sightline.auth.Roles;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.kit.openapi.OpenApiDeclarations;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Loads and unloads models on this instance, by hand, outside the registry topic (which wins again at
 * its next promotion of the model). Needs the bearer token; without a configured token it is disabled.
 */
@Path("/admin/models/{model}")
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@SecurityRequirement(name = OpenApiDeclarations.BEARER)
public class AdminResource {

    private final ModelRegistry registry;

    public AdminResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @POST
    @Path("/load")
    @Operation(summary = "Load a model version (default: the latest promoted one, e.g. after an unload or a failed load)")
    @APIResponse(responseCode = "202", description = "the load runs in the background; the model's status now")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = OpenApiDeclarations.ADMIN_DISABLED)
    @APIResponse(responseCode = "404", description = "no version named and the model was never promoted")
    public RestResponse<ModelStatusResponse> load(@RestPath String model,
            @RestQuery @Parameter(description = "version to load from the store (default: the latest promoted)")
            String version) throws UnknownModelException, InvalidInputException {
        registry.load(model, version == null || version.isBlank() ? null : version.strip());
        return RestResponse.status(Response.Status.ACCEPTED, status(model));
    }

    @POST
    @Path("/unload")
    @Operation(summary = "Stop serving a model here: 503 until its next promotion or load")
    @APIResponse(responseCode = "200", description = "the model's status now")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = OpenApiDeclarations.ADMIN_DISABLED)
    @APIResponse(responseCode = "404", description = "the model was never promoted")
    public ModelStatusResponse unload(@RestPath String model) throws UnknownModelException {
        registry.unload(model);
        return status(model);
    }

    private ModelStatusResponse status(String model) throws UnknownModelException {
        return registry.status(model).map(ModelStatusResponse::of).orElseThrow(() -> new UnknownModelException(model));
    }
}
