package io.sightline.inference.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.auth.Roles;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ModelState;
import io.sightline.inference.registry.ModelStatus;
import io.sightline.kit.openapi.OpenApiDeclarations;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The model repository extension: the index of the models this instance knows, and load and unload, which are
 * the admin ones ({@code /admin/models/{m}/load|unload} stay as aliases). A load answers once the version serves
 * or failed (400 with why), or after {@value #LOAD_WAIT_MILLIS} ms while it still loads (200, state LOADING).
 */
@Path("/v2/repository")
@Tag(name = "open-inference-v2")
@Produces(MediaType.APPLICATION_JSON)
public class OpenInferenceRepositoryResource {

    static final long LOAD_WAIT_MILLIS = 30_000;

    private final ModelRegistry registry;
    private final RequestLimits limits;
    private final ObjectMapper json;

    public OpenInferenceRepositoryResource(ModelRegistry registry, RequestLimits limits, ObjectMapper json) {
        this.registry = registry;
        this.limits = limits;
        this.json = json;
    }

    @POST
    @Path("/index")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "The models this instance knows: name, version, state (READY, LOADING, UNAVAILABLE), reason;"
            + " body {\"ready\": true} lists only those that serve")
    public List<OpenInference.RepositoryModel> index(InputStream body) throws IOException, InvalidInputException {
        JsonNode request = object(body);
        JsonNode ready = request.get("ready");
        if (ready != null && !ready.isNull() && !ready.isBoolean()) {
            throw new InvalidInputException("ready must be true or false");
        }
        boolean onlyReady = ready != null && ready.asBoolean();
        return registry.status().stream()
                .filter(status -> !onlyReady || status.servingVersion() != null)
                .map(OpenInferenceRepositoryResource::entry)
                .toList();
    }

    private static OpenInference.RepositoryModel entry(ModelStatus status) {
        String version = status.servingVersion() != null ? status.servingVersion()
                : status.promoted() == null ? null : status.promoted().version();
        String state = status.servingVersion() != null ? "READY"
                : status.state() == ModelState.LOADING ? "LOADING" : "UNAVAILABLE";
        String reason = status.state() == ModelState.UNLOADED ? "unloaded on request"
                : status.state() == ModelState.FAILED && status.lastError() != null ? status.lastError().message()
                : null;
        return new OpenInference.RepositoryModel(status.model(), version, state, reason);
    }

    @POST
    @Path("/models/{model}/load")
    @Blocking
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = OpenApiDeclarations.BEARER)
    @Operation(summary = "Load a model: its latest promotion, or body {\"parameters\": {\"version\": \"3\"}} from the store")
    @APIResponse(responseCode = "200", description = "the model's status once it serves, or still LOADING")
    @APIResponse(responseCode = "400", description = "the load failed, or an unsupported parameter or bad version")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = OpenApiDeclarations.ADMIN_DISABLED)
    @APIResponse(responseCode = "404", description = "no version named and the model was never promoted")
    public ModelStatusResponse load(@RestPath String model, InputStream body)
            throws IOException, InvalidInputException, UnknownModelException, InterruptedException {
        registry.load(model, version(object(body)));
        long deadline = System.nanoTime() + LOAD_WAIT_MILLIS * 1_000_000;
        ModelStatus status = status(model);
        while (status.state() == ModelState.LOADING && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = status(model);
        }
        if (status.state() == ModelState.FAILED) {
            throw new InvalidInputException("model " + model + " failed to load: "
                    + (status.lastError() == null ? "unknown reason" : status.lastError().message()));
        }
        return ModelStatusResponse.of(status);
    }

    @POST
    @Path("/models/{model}/unload")
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = OpenApiDeclarations.BEARER)
    @Operation(summary = "Stop serving a model here: 503 until its next promotion or load")
    @APIResponse(responseCode = "200", description = "the model's status now")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", description = OpenApiDeclarations.ADMIN_DISABLED)
    @APIResponse(responseCode = "404", description = "the model was never promoted")
    public ModelStatusResponse unload(@RestPath String model) throws UnknownModelException {
        registry.unload(model);
        return ModelStatusResponse.of(status(model));
    }

    private ModelStatus status(String model) throws UnknownModelException {
        return registry.status(model).orElseThrow(() -> new UnknownModelException(model));
    }

    /** The one load parameter this service takes, {@code version}; Triton's config and file overrides are refused. */
    private static String version(JsonNode request) throws InvalidInputException {
        JsonNode parameters = request.get("parameters");
        if (parameters == null || parameters.isNull()) {
            return null;
        }
        if (!parameters.isObject()) {
            throw new InvalidInputException("parameters must be a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!"version".equals(name)) {
                throw new InvalidInputException("load parameter '" + name + "' is not supported; the one accepted is"
                        + " 'version'");
            }
        }
        JsonNode version = parameters.get("version");
        if (version == null || version.isNull()) {
            return null;
        }
        if (!version.isTextual() || version.textValue().isBlank()) {
            throw new InvalidInputException("parameters.version must be a version name");
        }
        return version.textValue().strip();
    }

    private JsonNode object(InputStream body) throws IOException, InvalidInputException {
        byte[] bytes = limits.read(body);
        if (bytes.length == 0) {
            return json.createObjectNode();
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            return json.createObjectNode();
        }
        if (!node.isObject()) {
            throw new InvalidInputException("the body must be a JSON object");
        }
        return node;
    }
}
