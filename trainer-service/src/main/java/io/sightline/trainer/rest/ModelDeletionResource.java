package io.sightline.trainer.rest;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.auth.Roles;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.ModelDeletion;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelDeletionResource {

    private final ModelDeletion deletion;
    private final SecurityIdentity caller;

    ModelDeletionResource(ModelDeletion deletion, SecurityIdentity caller) {
        this.deletion = deletion;
        this.caller = caller;
    }

    @DELETE
    @Path("/{name}/versions/{version}")
    @RolesAllowed({Roles.WRITE, Roles.ADMIN})
    @Operation(summary = "Delete a model version (its number is never used again); the serving champion only with"
            + " ?force=true by an admin, and the model then serves nothing until another version is promoted")
    public ModelDeletion.Deleted deleteVersion(@PathParam("name") String name, @PathParam("version") String version,
                                               @QueryParam("force") String force) throws IOException {
        return deletion.deleteVersion(validName(name), version, forced(force), Callers.name(caller));
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed({Roles.WRITE, Roles.ADMIN})
    @Operation(summary = "Delete a model with every version (the numbers stay taken); a model with a champion only"
            + " with ?force=true by an admin")
    public ModelDeletion.Deleted deleteModel(@PathParam("name") String name, @QueryParam("force") String force)
            throws IOException {
        return deletion.deleteModel(validName(name), forced(force), Callers.name(caller));
    }

    static String validName(String name) {
        if (!StoreKeys.isValidName(name)) {
            throw new InvalidJobException("model name is not valid: " + name + " (letters, digits, '.', '_' and '-',"
                    + " starting with a letter or digit, at most 128)");
        }
        return name;
    }

    private boolean forced(String value) {
        if (value != null && !value.equals("true") && !value.equals("false")) {
            throw new InvalidJobException("force must be true or false, not " + value);
        }
        boolean force = "true".equals(value);
        if (force && !caller.hasRole(Roles.ADMIN)) {
            throw new ForbiddenException("?force=true deletes what is serving and needs the admin role");
        }
        return force;
    }
}
