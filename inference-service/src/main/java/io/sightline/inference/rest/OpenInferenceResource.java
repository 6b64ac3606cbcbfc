package io.sightline.inference.rest;

import io.sightline.auth.Roles;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.readiness.ServingReadiness;
import io.sightline.inference.registry.ModelLease;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ServedModel;
import io.sightline.inference.serving.Predictor;
import io.sightline.inference.serving.TensorResult;
import io.sightline.inference.tracing.PromotionTraces;
import io.sightline.kit.openapi.OpenApiDeclarations;
import io.sightline.vision.InvalidImageException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
 * The Open Inference Protocol v2 (KServe v2 REST), minimal: server and model metadata, health, and
 * inference on an FP32 {@code [N, C, H, W]} tensor already preprocessed by the model's signature.
 * Not ready is answered with 503.
 */
@Path("/v2")
@Tag(name = "open-inference-v2")
@Produces(MediaType.APPLICATION_JSON)
public class OpenInferenceResource {

    private final ModelRegistry registry;
    private final Predictor predictor;
    private final ServingReadiness readiness;
    private final RequestLimits limits;
    private final String version;
    private final PromotionTraces traces;

    public OpenInferenceResource(ModelRegistry registry, Predictor predictor, ServingReadiness readiness,
                                 RequestLimits limits,
                                 @ConfigProperty(name = "quarkus.application.version") String version,
                                 PromotionTraces traces) {
        this.traces = traces;
        this.registry = registry;
        this.limits = limits;
        this.predictor = predictor;
        this.readiness = readiness;
        this.version = version;
    }

    @GET
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Server metadata (Open Inference Protocol v2)")
    public OpenInference.ServerMetadata server() {
        return new OpenInference.ServerMetadata("sightline-inference", version, List.of());
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
    @Operation(summary = "Readiness: the registry is read and every promoted model dealt with (else 503)")
    public RestResponse<OpenInference.Ready> ready() {
        boolean ready = readiness.ready();
        return RestResponse.status(ready ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE,
                new OpenInference.Ready(ready));
    }

    @GET
    @Path("/models/{model}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Model metadata: serving version, input and output tensors, class names")
    public OpenInference.ModelMetadata model(@RestPath String model)
            throws UnknownModelException, ModelNotLoadedException {
        return metadata(model, null);
    }

    @GET
    @Path("/models/{model}/versions/{version}")
    @RolesAllowed(Roles.READ)
    @Operation(summary = "Model metadata of one version; 404 unless that version serves here")
    public OpenInference.ModelMetadata modelVersion(@RestPath String model, @RestPath String version)
            throws UnknownModelException, ModelNotLoadedException {
        return metadata(model, version);
    }

    private OpenInference.ModelMetadata metadata(String model, String version)
            throws UnknownModelException, ModelNotLoadedException {
        try (ModelLease lease = registry.acquire(model)) {
            ServedModel served = Predictor.requireVersion(lease.model(), version);
            return OpenInference.ModelMetadata.of(model, served.version(), served.signature());
        }
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
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @RolesAllowed(Roles.PREDICT)
    @SecurityRequirement(name = OpenApiDeclarations.BEARER)
    @Operation(summary = "Class probabilities of an FP32 [N, C, H, W] tensor or of BYTES [N] encoded images (base64)")
    @APIResponse(responseCode = "200", description = "output 'probabilities', FP32 [N, classes]")
    @APIResponse(responseCode = "400", description = "malformed request, wrong shape, datatype, data or image")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.UNAUTHORIZED)
    @APIResponse(responseCode = "404", description = "no model of this name was promoted")
    @APIResponse(responseCode = "413", description = OpenApiDeclarations.TOO_LARGE)
    @APIResponse(responseCode = "429", description = "the model's queue is full (see Retry-After)")
    @APIResponse(responseCode = "503", description = "the model is promoted but not loaded (see Retry-After)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OpenInference.InferRequest.class)))
    public OpenInference.InferResponse infer(@RestPath String model, InputStream body)
            throws UnknownModelException, ModelNotLoadedException, InvalidInputException, InvalidImageException,
            ServerBusyException, IOException {
        return infer(model, null, body);
    }

    @POST
    @Path("/models/{model}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    @RolesAllowed(Roles.PREDICT)
    @SecurityRequirement(name = OpenApiDeclarations.BEARER)
    @Operation(summary = "As /v2/models/{model}/infer, answered only by this version (404 unless it serves here)")
    @APIResponse(responseCode = "200", description = "output 'probabilities', FP32 [N, classes]")
    @APIResponse(responseCode = "400", description = "malformed request, wrong shape, datatype, data or image")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.UNAUTHORIZED)
    @APIResponse(responseCode = "404", description = "the model was never promoted, or this version does not serve here")
    @APIResponse(responseCode = "413", description = OpenApiDeclarations.TOO_LARGE)
    @APIResponse(responseCode = "429", description = "the model's queue is full (see Retry-After)")
    @APIResponse(responseCode = "503", description = "the model is promoted but not loaded (see Retry-After)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OpenInference.InferRequest.class)))
    public OpenInference.InferResponse inferVersion(@RestPath String model, @RestPath String version,
                                                    InputStream body)
            throws UnknownModelException, ModelNotLoadedException, InvalidInputException, InvalidImageException,
            ServerBusyException, IOException {
        return infer(model, version, body);
    }

    private OpenInference.InferResponse infer(String model, String version, InputStream body)
            throws UnknownModelException, ModelNotLoadedException, InvalidInputException, InvalidImageException,
            ServerBusyException, IOException {
        // read as a stream within the request limit, like /predict: a chunked body is never buffered whole
        OpenInference.InferRequest request = limits.json(body, OpenInference.InferRequest.class);
        if (request == null) {
            throw new InvalidInputException("an inference request needs a JSON body");
        }
        OpenInference.InferInput input = request.input();
        if (OpenInference.BYTES.equals(input.datatype())) {
            return OpenInference.InferResponse.of(request.id(),
                    answered(predictor.classifyImages(model, version, OpenInference.images(input))));
        }
        long[] shape = OpenInference.shape(input);
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return OpenInference.InferResponse.of(request.id(),
                answered(predictor.infer(model, version, shape, OpenInference.values(input.data(), count))));
    }

    /** The first answer of a newly loaded version links this request's span to its promotion. */
    private TensorResult answered(TensorResult result) {
        traces.answered(result.model(), result.version());
        return result;
    }
}
