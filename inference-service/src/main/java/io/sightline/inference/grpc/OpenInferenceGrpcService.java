package io.sightline.inference.grpc;

import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.sightline.auth.Roles;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.grpc.protocol.GRPCInferenceServiceGrpc;
import io.sightline.inference.grpc.protocol.ModelInferRequest;
import io.sightline.inference.grpc.protocol.ModelInferResponse;
import io.sightline.inference.grpc.protocol.ModelMetadataRequest;
import io.sightline.inference.grpc.protocol.ModelMetadataResponse;
import io.sightline.inference.grpc.protocol.ModelReadyRequest;
import io.sightline.inference.grpc.protocol.ModelReadyResponse;
import io.sightline.inference.grpc.protocol.ServerLiveRequest;
import io.sightline.inference.grpc.protocol.ServerLiveResponse;
import io.sightline.inference.grpc.protocol.ServerMetadataRequest;
import io.sightline.inference.grpc.protocol.ServerMetadataResponse;
import io.sightline.inference.grpc.protocol.ServerReadyRequest;
import io.sightline.inference.grpc.protocol.ServerReadyResponse;
import io.sightline.inference.oip.InferResponse;
import io.sightline.inference.oip.OipModel;
import io.sightline.inference.payloads.PayloadLogger;
import io.sightline.inference.payloads.PayloadOrigin;
import io.sightline.inference.readiness.ServingReadiness;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ServedModel;
import io.sightline.inference.routing.CallerKeys;
import io.sightline.inference.tracing.PromotionTraces;
import io.sightline.storage.StoreKeys;
import io.smallrye.common.annotation.Blocking;
import java.util.Optional;

/**
 * {@code inference.GRPCInferenceService}: the Open Inference Protocol over gRPC, a thin adapter over the same
 * {@link OipModel} as {@code /v2} over HTTP ({@link GrpcTensors} is its wire form), so both answer a request alike
 * and share the models' batchers and leases (a hot swap drops none of them). Roles as over HTTP: health open,
 * metadata and model readiness {@code read}, inference {@code predict}. Blocking: decoding and the wait for a
 * batch run on worker threads, never the event loop. An inference binds its call's caller key (sticky canary) and
 * payload origin to its worker thread for the call's length ({@link GrpcCallMetadata}).
 */
@GrpcService
@Blocking
public class OpenInferenceGrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    private static final String NAME_RULE =
            "a %s is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /** A logged call's records: endpoint {@code grpc}, the id its metadata or request gives, answered in metadata. */
    private static final PayloadOrigin LOGGED_AS = new PayloadOrigin(PayloadLogger.GRPC, GrpcCallMetadata::requestId);

    private final ModelRegistry registry;
    private final OipModel models;
    private final ServingReadiness readiness;
    private final GrpcCallers callers;
    private final GrpcMetadata metadata;
    private final InferenceMetrics metrics;
    private final PromotionTraces traces;

    public OpenInferenceGrpcService(ModelRegistry registry, OipModel models, ServingReadiness readiness,
                                    GrpcCallers callers, GrpcMetadata metadata, InferenceMetrics metrics,
                                    PromotionTraces traces) {
        this.registry = registry;
        this.models = models;
        this.readiness = readiness;
        this.callers = callers;
        this.metadata = metadata;
        this.metrics = metrics;
        this.traces = traces;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> answer) {
        reply(answer, ServerLiveResponse.newBuilder().setLive(true).build());
    }

    /** As {@code /v2/health/ready}: not while a required model is left unserved by a failed load. */
    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> answer) {
        reply(answer, ServerReadyResponse.newBuilder().setReady(readiness.serverReady()).build());
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> answer) {
        try {
            callers.require(Roles.READ);
            reply(answer, metadata.server());
        } catch (Exception e) {
            answer.onError(GrpcFailures.of(e).status());
        }
    }

    /** Ready: the version asked for (any, when empty) serves here. A model never promoted is NOT_FOUND. */
    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> answer) {
        try {
            callers.require(Roles.READ);
            String model = modelName(request.getName());
            if (!registry.knows(model)) {
                throw new UnknownModelException(model);
            }
            Optional<ServedModel> serving = registry.serving(model);
            boolean ready = serving.isPresent()
                    && (request.getVersion().isEmpty() || request.getVersion().equals(serving.get().version()));
            reply(answer, ModelReadyResponse.newBuilder().setReady(ready).build());
        } catch (Exception e) {
            answer.onError(GrpcFailures.of(e).status());
        }
    }

    /** The core's metadata ({@link GrpcMetadata}); a version asked for must be the one serving. */
    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> answer) {
        try {
            callers.require(Roles.READ);
            reply(answer, metadata.model(models.metadata(modelName(request.getName()), version(request.getVersion()))));
        } catch (Exception e) {
            answer.onError(GrpcFailures.of(e).status());
        }
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> answer) {
        try {
            callers.require(Roles.PREDICT);
            String model = modelName(request.getModelName());
            String version = version(request.getModelVersion());
            InferResponse response;
            try (CallerKeys.Binding key = CallerKeys.bind(GrpcCallMetadata.callerKey());
                 PayloadOrigin.Binding origin = PayloadOrigin.bind(LOGGED_AS)) {
                response = models.infer(model, version, GrpcTensors.request(request));
            }
            traces.answered(response.modelName(), response.modelVersion());
            reply(answer, GrpcTensors.response(response, request.getRawInputContentsCount() > 0));
        } catch (Exception e) {
            GrpcFailures failure = GrpcFailures.of(e);
            metrics.requestFailed(failure.cause());
            answer.onError(failure.status());
        }
    }

    /** A name no promotion could have used is refused without being echoed (it may be a megabyte of anything). */
    private static String modelName(String name) throws InvalidInputException {
        if (name.isBlank()) {
            throw new InvalidInputException("the request names no model");
        }
        if (!StoreKeys.isValidName(name)) {
            throw new InvalidInputException(NAME_RULE.formatted("model name"));
        }
        return name;
    }

    /** The version asked for; {@code null} (whichever serves) when empty. */
    private static String version(String version) throws InvalidInputException {
        if (version.isEmpty()) {
            return null;
        }
        if (!StoreKeys.isValidName(version)) {
            throw new InvalidInputException(NAME_RULE.formatted("model version"));
        }
        return version;
    }

    private static <T> void reply(StreamObserver<T> answer, T message) {
        answer.onNext(message);
        answer.onCompleted();
    }
}
