package io.sightline.inference.rest;

import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelLease;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.ModelRegistry;
import io.sightline.inference.Predictor;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.ServingReadiness;
import io.sightline.inference.UnknownModelException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
    private final String version;

    public OpenInferenceResource(ModelRegistry registry, Predictor predictor, ServingReadiness readiness,
                                 @ConfigProperty(name = "quarkus.application.version") String version) {
        this.registry = registry;
        this.predictor = predictor;
        this.readiness = readiness;
        this.version = version;
    }

    @GET
    @Operation(summary = "Server metadata")
    public OpenInference.ServerMetadata server() {
        return new OpenInference.ServerMetadata("sightline-inference", version, List.of());
    }

    @GET
    @Path("/health/live")
    public OpenInference.Live live() {
        return new OpenInference.Live(true);
    }

    @GET
    @Path("/health/ready")
    public RestResponse<OpenInference.Ready> ready() {
        boolean ready = readiness.ready();
        return RestResponse.status(ready ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE,
                new OpenInference.Ready(ready));
    }

    @GET
    @Path("/models/{model}")
    @Operation(summary = "Model metadata: serving version, input and output tensors, class names")
    public OpenInference.ModelMetadata model(@RestPath String model)
            throws UnknownModelException, ModelNotLoadedException {
        try (ModelLease lease = registry.acquire(model)) {
            return OpenInference.ModelMetadata.of(model, lease.model().version(), lease.model().signature());
        }
    }

    @GET
    @Path("/models/{model}/ready")
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
    @Operation(summary = "Class probabilities of an FP32 [N, C, H, W] tensor")
    public OpenInference.InferResponse infer(@RestPath String model, OpenInference.InferRequest request)
            throws UnknownModelException, ModelNotLoadedException, InvalidInputException, ServerBusyException {
        if (request == null) {
            throw new InvalidInputException("an inference request needs a JSON body");
        }
        OpenInference.InferInput input = request.input();
        long[] shape = OpenInference.shape(input);
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return OpenInference.InferResponse.of(request.id(),
                predictor.infer(model, shape, OpenInference.values(input.data(), count)));
    }
}
