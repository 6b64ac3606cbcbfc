package io.sightline.inference.oip;

import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.registry.ModelLease;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ServedModel;
import io.sightline.inference.serving.Predictor;
import io.sightline.inference.serving.TensorResult;
import io.sightline.vision.ImageSignature;
import io.sightline.vision.InvalidImageException;

/**
 * The protocol's model operations over the registry and the shared batcher, for every transport: inference,
 * metadata, configuration and statistics. A {@code version} of {@code null} means whichever serves; a named one
 * is answered only while it is the one serving here (else {@link UnknownModelException}). Blocking.
 */
public final class OipModel {

    private final ModelRegistry registry;
    private final Predictor predictor;
    private final ModelStatistics statistics;
    private final Answered answered;

    public OipModel(ModelRegistry registry, Predictor predictor, ModelStatistics statistics) {
        this(registry, predictor, statistics, Answered.NONE);
    }

    /** @param answered hears every answered inference (payload logging), on the request's thread */
    public OipModel(ModelRegistry registry, Predictor predictor, ModelStatistics statistics, Answered answered) {
        this.registry = registry;
        this.predictor = predictor;
        this.statistics = statistics;
        this.answered = answered;
    }

    /** Hears an answered inference; runs on the request's thread, so it must return at once and never throw. */
    public interface Answered {

        Answered NONE = (request, input, signature, result, nanos) -> { };

        /**
         * @param input     the request's one input as read for {@code signature}: images or rows
         * @param nanos     from the request's start to its answer
         */
        void answered(InferRequest request, ModelInput input, ImageSignature signature, TensorResult result,
                      long nanos);
    }

    /**
     * Answers a request: its outputs checked, its one input read for the serving version's signature (shape
     * checked against the data before allocating), classified in a batch, its outputs built.
     *
     * @throws InvalidInputException when anything in the request does not fit the model (a 400)
     * @throws InvalidImageException when an image is unreadable or too large to decode (a 400)
     */
    public InferResponse infer(String model, String version, InferRequest request) throws UnknownModelException,
            ModelNotLoadedException, InvalidInputException, InvalidImageException, ServerBusyException {
        long start = System.nanoTime();
        try {
            ModelOutputs.check(request.outputs());
            ImageSignature signature = signature(model, version);
            ModelInput input = ModelInput.read(request.inputs(), signature);
            TensorResult result = input.images() != null
                    ? predictor.classifyImages(model, version, input.images())
                    : predictor.inferRows(model, version, input.rows());
            statistics.succeeded(model);
            answered.answered(request, input, signature, result, System.nanoTime() - start);
            return new InferResponse(result.model(), result.version(), request.id(), ModelOutputs.build(
                    result.probabilities(), result.classes(), request.outputs(), request.binaryOutputs()));
        } catch (InvalidInputException | InvalidImageException | ServerBusyException | ModelNotLoadedException e) {
            if (registry.knows(model)) { // a name never promoted gets no counter: callers choose names freely
                statistics.failed(model, System.nanoTime() - start);
            }
            throw e;
        }
    }

    public ModelMetadata metadata(String model, String version) throws UnknownModelException, ModelNotLoadedException {
        try (ModelLease lease = registry.acquire(model)) {
            ServedModel served = Predictor.requireVersion(lease.model(), version);
            return ModelMetadata.of(model, served.version(), served.signature());
        }
    }

    public ModelConfig config(String model, String version) throws UnknownModelException, ModelNotLoadedException {
        return ModelConfig.of(model, signature(model, version), predictor.batching().maxBatchSize());
    }

    /** The model's statistics; a model never promoted is unknown. */
    public ModelStatistics.ModelStats statistics(String model) throws UnknownModelException {
        if (!registry.knows(model)) {
            throw new UnknownModelException(model);
        }
        return statistics.of(model, registry.serving(model).map(ServedModel::version).orElse(null));
    }

    private ImageSignature signature(String model, String version) throws UnknownModelException,
            ModelNotLoadedException {
        try (ModelLease lease = registry.acquire(model)) {
            return Predictor.requireVersion(lease.model(), version).signature();
        }
    }
}
