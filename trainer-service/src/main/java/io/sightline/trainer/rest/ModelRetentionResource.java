package io.sightline.trainer.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.sightline.auth.Roles;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.registry.ModelRetention;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/models/{name}/retention")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelRetentionResource {

    /** Bounds that stop a typo from keeping nothing or everything forever. */
    private static final int MAX_KEEP = 100_000;
    private static final int MAX_DAYS = 36_500;

    private final ModelRetention retention;
    private final SecurityIdentity caller;
    private final Clock clock;

    ModelRetentionResource(ModelRetention retention, SecurityIdentity caller, Clock clock) {
        this.retention = retention;
        this.caller = caller;
        this.clock = clock;
    }

    /** A model's override; a null field means the configured default. */
    public record RetentionBody(Integer keepLast, Integer maxAgeDays) {
    }

    /** The stored override (null fields: the defaults) and the policy in force. */
    public record RetentionAnswer(String model, Integer keepLast, Integer maxAgeDays, Instant updatedAt,
                                  String by, ModelRetention.Policy effective) {
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "A model's retention: keepLast candidates (0: all) and maxAgeDays (null: the configured"
            + " default), and the policy in force; the champion is always kept")
    public RetentionAnswer get(@PathParam("name") String name) throws IOException {
        return answer(ModelDeletionResource.validName(name));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WRITE)
    @Operation(summary = "Override a model's retention; null fields follow the configured defaults")
    public RetentionAnswer put(@PathParam("name") String name, RetentionBody body) throws IOException {
        String model = ModelDeletionResource.validName(name);
        if (body == null) {
            throw new InvalidJobException("a JSON body {keepLast, maxAgeDays} is required");
        }
        if (body.keepLast() != null && (body.keepLast() < 0 || body.keepLast() > MAX_KEEP)) {
            throw new InvalidJobException("keepLast must be 0 (keep all) to " + MAX_KEEP + ", or null for the default");
        }
        if (body.maxAgeDays() != null && (body.maxAgeDays() < 1 || body.maxAgeDays() > MAX_DAYS)) {
            throw new InvalidJobException("maxAgeDays must be 1 to " + MAX_DAYS + ", or null for the default");
        }
        retention.setOverride(model, new ModelRetention.StoredPolicy(body.keepLast(), body.maxAgeDays(),
                clock.instant(), Callers.name(caller)));
        return answer(model);
    }

    private RetentionAnswer answer(String model) throws IOException {
        Optional<ModelRetention.StoredPolicy> stored = retention.override(model);
        return new RetentionAnswer(model, stored.map(ModelRetention.StoredPolicy::keepLast).orElse(null),
                stored.map(ModelRetention.StoredPolicy::maxAgeDays).orElse(null),
                stored.map(ModelRetention.StoredPolicy::updatedAt).orElse(null),
                stored.map(ModelRetention.StoredPolicy::by).orElse(null), retention.effective(model));
    }
}
