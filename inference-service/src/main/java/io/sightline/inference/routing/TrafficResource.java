package io.sightline.inference.routing;

import io.sightline.auth.Roles;
import io.sightline.events.TrafficTarget;
import io.sightline.inference.InvalidInputException;
import io.sightline.storage.StoreKeys;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** {@code GET /traffic/{model}}: the split this replica applies and its per-version counts since start. */
@Path("/traffic")
@Tag(name = "models")
@Produces(MediaType.APPLICATION_JSON)
public class TrafficResource {

    private final TrafficRouter router;

    public TrafficResource(TrafficRouter router) {
        this.router = router;
    }

    @GET
    @Path("/{model}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "A model's canary and shadow as this replica applies them, and its per-version counts:"
            + " answers, failures, mean top-1 confidence, shadow agreement with the champion")
    public TrafficResponse get(@RestPath String model) throws InvalidInputException {
        if (!StoreKeys.isValidName(model)) {
            throw new InvalidInputException("invalid model name: " + model);
        }
        TrafficTarget canary = router.split(model).map(split -> split.canary()).orElse(null);
        TrafficTarget shadow = router.split(model).map(split -> split.shadow()).orElse(null);
        return new TrafficResponse(model, canary, router.resident(model, true).orElse(null), shadow,
                router.resident(model, false).orElse(null), router.metrics().counts(model));
    }

    /**
     * @param canaryLoaded the canary version loaded here ({@code null} while it loads: the champion answers)
     * @param shadowLoaded the shadow version loaded here
     */
    public record TrafficResponse(String model, TrafficTarget canary, String canaryLoaded, TrafficTarget shadow,
                                  String shadowLoaded, List<VersionMetrics.VersionCount> versions) {
    }
}
