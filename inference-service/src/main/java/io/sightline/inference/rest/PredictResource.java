package io.sightline.inference.rest;

import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.Predictor;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.UnknownModelException;
import io.sightline.vision.InvalidImageException;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** {@code POST /predict/{model}}: the top classes of one image. Decoding runs on a worker thread. */
@Path("/predict")
@Tag(name = "predict")
@Produces(MediaType.APPLICATION_JSON)
public class PredictResource {

    private final Predictor predictor;
    private final RequestLimits limits;

    public PredictResource(Predictor predictor, RequestLimits limits) {
        this.predictor = predictor;
        this.limits = limits;
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
    @APIResponse(responseCode = "404", description = "no model of this name was promoted")
    @APIResponse(responseCode = "413", description = "body over the size limit")
    @APIResponse(responseCode = "415", description = "unsupported Content-Type")
    @APIResponse(responseCode = "503", description = "the model is promoted but not loaded yet (see Retry-After)")
    public PredictionResponse predict(@RestPath String model,
                                      @RestQuery @Parameter(description = "classes to return (default 3)") String topK,
                                      byte[] image)
            throws UnknownModelException, ModelNotLoadedException, InvalidImageException, InvalidInputException,
            ServerBusyException {
        return PredictionResponse.of(predictor.predict(model, limits.body(image), limits.topK(topK)));
    }

    @POST
    @Path("/{model}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(summary = "Classify one image sent as the multipart part 'file'")
    public PredictionResponse predictForm(@RestPath String model, @RestQuery String topK,
                                          @RestForm("file") FileUpload file)
            throws UnknownModelException, ModelNotLoadedException, InvalidImageException, InvalidInputException,
            ServerBusyException, IOException {
        return PredictionResponse.of(predictor.predict(model, limits.part(file), limits.topK(topK)));
    }
}
