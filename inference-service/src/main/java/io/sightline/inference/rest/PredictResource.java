package io.sightline.inference.rest;

import io.sightline.auth.Roles;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.payloads.PayloadLogger;
import io.sightline.inference.serving.PredictionResult;
import io.sightline.inference.serving.Predictor;
import io.sightline.inference.tracing.PromotionTraces;
import io.sightline.kit.openapi.OpenApiDeclarations;
import io.sightline.vision.InvalidImageException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /predict/{model}}: the top classes of one image. Decoding runs on a worker thread; the raw
 * body is read as a stream and refused (413) as soon as it passes the limit, so an oversized chunked
 * upload is never held in memory whole.
 */
@Path("/predict")
@Tag(name = "predict")
@RolesAllowed(Roles.PREDICT)
@SecurityScheme(securitySchemeName = OpenApiDeclarations.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = OpenApiDeclarations.BEARER_DESCRIPTION)
@SecurityRequirement(name = OpenApiDeclarations.BEARER)
@Produces(MediaType.APPLICATION_JSON)
public class PredictResource {

    private final Predictor predictor;
    private final RequestLimits limits;
    private final PromotionTraces traces;
    private final PayloadLogger payloads;

    public PredictResource(Predictor predictor, RequestLimits limits, PromotionTraces traces, PayloadLogger payloads) {
        this.predictor = predictor;
        this.limits = limits;
        this.traces = traces;
        this.payloads = payloads;
    }

    @POST
    @Path("/{model}")
    @Consumes({"image/png", "image/jpeg", "image/bmp", "image/gif", "image/x-portable-anymap",
            "image/x-portable-pixmap", "image/x-portable-graymap", "image/x-portable-bitmap",
            MediaType.APPLICATION_OCTET_STREAM})
    @Blocking
    @Operation(summary = "Classify one image sent as the request body")
    @APIResponse(responseCode = "200", description = "the most probable classes, best first")
    @APIResponse(responseCode = "400", description = "not an image, too many pixels, or topK below 1")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.UNAUTHORIZED)
    @APIResponse(responseCode = "404", description = "no model of this name was promoted")
    @APIResponse(responseCode = "413", description = OpenApiDeclarations.TOO_LARGE)
    @APIResponse(responseCode = "415", description = "unsupported Content-Type")
    @APIResponse(responseCode = "429", description = "the model's queue is full (see Retry-After)")
    @APIResponse(responseCode = "503", description = "the model is promoted but not loaded (see Retry-After)")
    public PredictionResponse predict(@RestPath String model,
                                      @RestQuery @Parameter(description = "classes to return (default 3)") String topK,
                                      InputStream body)
            throws UnknownModelException, ModelNotLoadedException, InvalidImageException, InvalidInputException,
            ServerBusyException, IOException {
        byte[] image = limits.read(body);
        return answered(predictor.predict(model, image, limits.topK(topK)), image);
    }

    @POST
    @Path("/{model}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(summary = "Classify one image sent as the multipart part 'file'")
    @APIResponse(responseCode = "200", description = "the most probable classes, best first")
    @APIResponse(responseCode = "400", description = "not an image, too many pixels, or topK below 1")
    @APIResponse(responseCode = "401", description = OpenApiDeclarations.UNAUTHORIZED)
    @APIResponse(responseCode = "404", description = "no model of this name was promoted")
    @APIResponse(responseCode = "413", description = OpenApiDeclarations.TOO_LARGE)
    @APIResponse(responseCode = "415", description = "unsupported Content-Type")
    @APIResponse(responseCode = "429", description = "the model's queue is full (see Retry-After)")
    @APIResponse(responseCode = "503", description = "the model is promoted but not loaded (see Retry-After)")
    public PredictionResponse predictForm(@RestPath String model,
                                          @RestQuery @Parameter(description = "classes to return (default 3)") String topK,
                                          @RestForm("file") FileUpload file)
            throws UnknownModelException, ModelNotLoadedException, InvalidImageException, InvalidInputException,
            ServerBusyException, IOException {
        byte[] image = limits.part(file);
        return answered(predictor.predict(model, image, limits.topK(topK)), image);
    }

    /** The first answer of a newly loaded version links this request's span to its promotion. */
    private PredictionResponse answered(PredictionResult result, byte[] image) {
        traces.answered(result.model(), result.version());
        payloads.predicted(result, image);
        return PredictionResponse.of(result);
    }
}
