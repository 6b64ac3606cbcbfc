package io.sightline.inference.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.UnknownModelException;
import io.sightline.vision.InvalidImageException;

/**
 * The domain's refusals as gRPC statuses, worded as over HTTP: what HTTP answers 400 is INVALID_ARGUMENT, 404
 * NOT_FOUND, 429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE; anything else INTERNAL without the details.
 *
 * @param status what the client gets
 * @param cause  the {@code cause} tag of the request-error metric, as the HTTP side counts it
 */
record GrpcFailures(StatusRuntimeException status, String cause) {

    static GrpcFailures of(Exception failure) {
        if (failure instanceof StatusRuntimeException refused) {
            boolean auth = refused.getStatus().getCode() == Status.Code.UNAUTHENTICATED
                    || refused.getStatus().getCode() == Status.Code.PERMISSION_DENIED;
            return new GrpcFailures(refused, auth ? "unauthorized" : "invalid_input");
        }
        if (failure instanceof InvalidInputException) {
            return refuse(Status.INVALID_ARGUMENT, failure, "invalid_input");
        }
        if (failure instanceof InvalidImageException) {
            return refuse(Status.INVALID_ARGUMENT, failure, "invalid_image");
        }
        if (failure instanceof UnknownModelException) {
            return refuse(Status.NOT_FOUND, failure, "unknown_model");
        }
        if (failure instanceof ModelNotLoadedException) {
            return refuse(Status.UNAVAILABLE, failure, "model_not_loaded");
        }
        if (failure instanceof ServerBusyException) {
            return refuse(Status.RESOURCE_EXHAUSTED, failure, "overloaded");
        }
        return new GrpcFailures(Status.INTERNAL.withDescription("internal error").withCause(failure)
                .asRuntimeException(), "internal");
    }

    private static GrpcFailures refuse(Status status, Exception failure, String cause) {
        return new GrpcFailures(status.withDescription(failure.getMessage()).asRuntimeException(), cause);
    }
}
