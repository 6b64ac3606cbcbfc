package io.sightline.trainer.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.auth.Roles;
import io.sightline.kit.rest.Pages;
import io.sightline.trainer.UnknownResourceException;
import io.sightline.trainer.jobs.binding.BindingRequest;
import io.sightline.trainer.jobs.binding.RetrainBindingView;
import io.sightline.trainer.jobs.binding.RetrainBindings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/retrain-bindings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "retrain bindings")
public class RetrainBindingResource {

    private final RetrainBindings bindings;
    private final SecurityIdentity caller;

    RetrainBindingResource(RetrainBindings bindings, SecurityIdentity caller) {
        this.bindings = bindings;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "The retrain bindings in force by dataset, configured (source config) and set here (source api);"
            + " pages of limit (100, at most 1000) after a Next-Cursor")
    public RestResponse<List<RetrainBindingView>> list(@RestQuery String limit, @RestQuery String after,
                                                       @Context UriInfo uri) {
        return Pages.answer(bindings.list(), RetrainBindingView::dataset, Pages.Request.parse(limit, after), uri);
    }

    @GET
    @Path("/{dataset}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "The retrain binding of a dataset")
    public RetrainBindingView get(@PathParam("dataset") String dataset) {
        return bindings.find(dataset).orElseThrow(() -> noBinding(dataset));
    }

    @PUT
    @Path("/{dataset}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Train a model on every new version of the dataset: {model, parameters?, debounceSeconds?},"
            + " parameters as a training request's (checked the same way); replaces a configured binding on every"
            + " replica, without a restart")
    public RetrainBindingView put(@PathParam("dataset") String dataset, BindingRequest body) throws IOException {
        return bindings.put(dataset, body, who());
    }

    @DELETE
    @Path("/{dataset}")
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Stop retraining on the dataset's new versions (204). A configured binding is turned off by a"
            + " record in the store, which keeps it off after restarts until a binding is PUT again")
    public RestResponse<Void> delete(@PathParam("dataset") String dataset) throws IOException {
        bindings.delete(dataset, who());
        return RestResponse.noContent();
    }

    private String who() {
        return caller.isAnonymous() ? "anonymous" : caller.getPrincipal().getName();
    }

    private static UnknownResourceException noBinding(String dataset) {
        return new UnknownResourceException("no retrain binding for dataset " + dataset);
    }
}
