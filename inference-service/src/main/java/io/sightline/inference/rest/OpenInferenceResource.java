package io.sightline.inference.rest;

import io.sightline.auth.Roles;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.oip.InferRequest;
import io.sightline.inference.oip.InferResponse;
import io.sightline.inference.oip.ModelConfig;
import io.sightline.inference.oip.ModelMetadata;
import io.sightline.inference.oip.OipModel;
import io.sightline.inference.readiness.ServingReadiness;
import io.sightline.inference.registry.ModelLease;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.serving.Predictor;
import io.sightline.inference.tracing.PromotionTraces;
import io.sightline.kit.openapi.OpenApiDeclarations;
import io.sightline.vision.InvalidImageException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The Open Inference Protocol v2 (KServe v2 REST): server and model metadata, health, inference (with the
 * binary tensor data and classification extensions), model configuration and statistics; a thin adapter over
 * {@link OipModel}. Not ready is answered with 503.
 */
@Path("/v2")
@Tag(name = "open-inference-v2")
@Produces(MediaType.APPLICATION_JSON)
public class OpenInferenceResource {

    private final ModelRegistry registry;
    private final OipModel models;
    private final ServingReadiness readiness;
    private final RequestLimits limits;
    private final OpenInferenceWire wire;
    private final String version;
    private final PromotionTraces traces;

    public OpenInferenceResource(ModelRegistry registry, OipModel models, ServingReadiness readiness,
                                 RequestLimits limits, OpenInferenceWire wire,
                                 @ConfigProperty(name = "quarkus.application.version") String version,
                                 PromotionTraces traces) {
        this.traces = traces;
        this.registry = registry;
        this.models = models;
        this.limits = limits;
        this.wire = wire;
        this.readiness = readiness;
        this.version = version;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Server metadata (Open Inference Protocol v2)")
    public OpenInference.ServerMetadata server() {
        return new OpenInference.ServerMetadata("sightline-inference", version, OpenInference.EXTENSIONS);
    }

    @GET
    @Path("/health/live")
    @PermitAll
    @Operation(summary = "Liveness: always live while the process answers")
    public OpenInference.Live live() {
        return new OpenInference.Live(true);
    }

    @GET
    @Path("/health/ready")
    @PermitAll
    @Operation(summary = "Readiness: the registry is read, every promoted model dealt with, and no required model"
            + " left unserved by a failed load (else 503)")
    public RestResponse<OpenInference.Ready> ready() {
        boolean ready = readiness.serverReady();
        return RestResponse.status(ready ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE,
                new OpenInference.Ready(ready));
    }

    @GET
    @Path("/models/{model}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Model metadata: serving version, input and output tensors, class names")
    public ModelMetadata model(@RestPath String model)
            throws UnknownModelException, ModelNotLoadedException {
        return metadata(model, null);
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Model metadata of one version; 404 unless that version serves here")
    public ModelMetadata modelVersion(@RestPath String model, @RestPath String version)
            throws UnknownModelException, ModelNotLoadedException {
        return metadata(model, version);
    }

    private ModelMetadata metadata(String model, String version) throws UnknownModelException, ModelNotLoadedException {
        return models.metadata(model, version);
    }

    @GET
    @Path("/models/{model}/config")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Model configuration (model configuration extension): tensors without the batch"
            + " dimension, max_batch_size, format")
    public ModelConfig config(@RestPath String model) throws UnknownModelException, ModelNotLoadedException {
        return models.config(model, null);
    }

    @GET
    @Path("/models/{model}/stats")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Model statistics (statistics extension): counts and nanoseconds of successes, failures,"
            + " queue and compute")
    public OpenInference.Statistics stats(@RestPath String model) throws UnknownModelException {
        return new OpenInference.Statistics(List.of(models.statistics(model)));
    }

    @GET
    @Path("/models/{model}/versions/{version}/ready")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Whether this version of the model serves here (200); 404 otherwise")
    public OpenInference.ModelReady modelVersionReady(@RestPath String model, @RestPath String version)
            throws UnknownModelException, ModelNotLoadedException {
        try (ModelLease lease = registry.acquire(model)) {
            Predictor.requireVersion(lease.model(), version);
            return new OpenInference.ModelReady(model, true);
        }
    }

    @GET
    @Path("/models/{model}/ready")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Whether a version of the model is loaded (200) or not (503); 404 if never promoted")
    public RestResponse<OpenInference.ModelReady> modelReady(@RestPath String model) throws UnknownModelException {
        if (!registry.knows(model)) {
            throw new UnknownModelException(model);
        }
        boolean ready = registry.serving(model).isPresent();
        return RestResponse.status(ready ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE,
                new OpenInference.ModelReady(model, ready));
    }

    @POST
    @Path("/models/{model}/infer")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Blocking
    @RolesAllowed(Roles.PREDICT)
    @SecurityRequirement(name = OpenApiDeclarations.BEARER)
    @Operation(summary = "Class probabilities of a numeric [N, C, H, W] tensor ('input') or of BYTES [N] encoded"
            + " images ('image'); JSON or the binary tensor data extension (Inference-Header-Content-Length)")
    @APIResponse(responseCode = "200", description = "output 'probabilities', FP32 [N, classes], or its top classes"
            + " as BYTES 'value:index:label' with parameters.classification; binary outputs follow the JSON header")
    @APIResponse(responseCode = "400", description = "malformed request, wrong shape, datatype, data or image")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.UNAUTHORIZED)
    @APIResponse(responseCode = "404", description = "no model of this name was promoted")
    @APIResponse(responseCode = "413", description = OpenApiDeclarations.TOO_LARGE)
    @APIResponse(responseCode = "429", description = "the model's queue is full (see Retry-After)")
    @APIResponse(responseCode = "503", description = "the model is promoted but not loaded (see Retry-After)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OpenInference.InferRequestSchema.class)))
    public Response infer(@RestPath String model, InputStream body,
                          @HeaderParam(OpenInferenceWire.HEADER_LENGTH) String headerLength)
            throws UnknownModelException, ModelNotLoadedException, InvalidInputException, InvalidImageException,
            ServerBusyException, IOException {
        return infer(model, null, body, headerLength);
    }

    @POST
    @Path("/models/{model}/versions/{version}/infer")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Blocking
    @RolesAllowed(Roles.PREDICT)
    @SecurityRequirement(name = OpenApiDeclarations.BEARER)
    @Operation(summary = "As /v2/models/{model}/infer, answered only by this version (404 unless it serves here)")
    @APIResponse(responseCode = "200", description = "as /v2/models/{model}/infer")
    @APIResponse(responseCode = "400", description = "malformed request, wrong shape, datatype, data or image")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.UNAUTHORIZED)
    @APIResponse(responseCode = "404", description = "the model was never promoted, or this version does not serve here")
    @APIResponse(responseCode = "413", description = OpenApiDeclarations.TOO_LARGE)
    @APIResponse(responseCode = "429", description = "the model's queue is full (see Retry-After)")
    @APIResponse(responseCode = "503", description = "the model is promoted but not loaded (see Retry-After)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OpenInference.InferRequestSchema.class)))
    public Response inferVersion(@RestPath String model, @RestPath String version, InputStream body,
                                 @HeaderParam(OpenInferenceWire.HEADER_LENGTH) String headerLength)
            throws UnknownModelException, ModelNotLoadedException, InvalidInputException, InvalidImageException,
            ServerBusyException, IOException {
        return infer(model, version, body, headerLength);
    }

    private Response infer(String model, String version, InputStream body, String headerLength)
            throws UnknownModelException, ModelNotLoadedException, InvalidInputException, InvalidImageException,
            ServerBusyException, IOException {
        // read as a stream within the request limit, like /predict: a chunked body is never buffered whole
        InferRequest request = wire.read(limits.read(body), headerLength);
        InferResponse response = models.infer(model, version, request);
        traces.answered(response.modelName(), response.modelVersion());
        return wire.write(response);
    }
}
