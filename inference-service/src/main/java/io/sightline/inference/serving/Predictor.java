package io.sightline.inference.serving;

import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.batching.BatchSettings;
import io.sightline.inference.batching.DynamicBatcher;
import io.sightline.inference.batching.ModelBatchers;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ServedModel;
import io.sightline.kit.image.DecodeBudget;
import io.sightline.vision.ImageSignature;
import io.sightline.vision.InvalidImageException;
import io.sightline.vision.Prediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Answers requests with the version of a model that serves when the request starts; that version stays
 * loaded until the request is done, whatever is promoted meanwhile. Decoding and preprocessing run on
 * the caller's thread; forward passes run on the model's {@link DynamicBatcher}, which groups concurrent
 * requests into one pass. Blocking: call it off the event loop.
 */
public final class Predictor implements AutoCloseable {

    private final Routing routing;
    private final InferenceMetrics metrics;
    private final ModelBatchers batchers;
    private final DecodeBudget budget;
    private final DecodeGate decoding;

    /** With the default batching and plain daemon worker threads. */
    public Predictor(ModelRegistry registry, InferenceMetrics metrics) {
        this(registry, metrics, new ModelBatchers(BatchSettings.DEFAULT, metrics, Executors.defaultThreadFactory()));
    }

    /** @param batchers the models' batchers; the predictor owns them and closes them with itself */
    public Predictor(ModelRegistry registry, InferenceMetrics metrics, ModelBatchers batchers) {
        this(registry, metrics, batchers, DecodeBudget.ofHeapShare(DecodeBudget.DEFAULT_HEAP_SHARE));
    }

    /** @param budget most bytes one decoded request image may take */
    public Predictor(ModelRegistry registry, InferenceMetrics metrics, ModelBatchers batchers, DecodeBudget budget) {
        this(metrics, batchers, budget, Routing.championOnly(registry));
    }

    /** @param routing which version answers each request (a canary's share goes to the canary) */
    public static Predictor routed(Routing routing, InferenceMetrics metrics, ModelBatchers batchers,
                                   DecodeBudget budget) {
        return new Predictor(metrics, batchers, budget, routing);
    }

    private Predictor(InferenceMetrics metrics, ModelBatchers batchers, DecodeBudget budget, Routing routing) {
        this.routing = routing;
        this.metrics = metrics;
        this.batchers = batchers;
        this.budget = budget;
        // all decodes in flight together: twice what one may take
        this.decoding = new DecodeGate(budget.maxBytes() > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : budget.maxBytes() * 2);
    }

    public BatchSettings batching() {
        return batchers.settings();
    }

    /**
     * Classifies one encoded image (PNG, JPEG, BMP, GIF, PPM/PGM).
     *
     * @param topK how many classes to return, best first (fewer when the model has fewer)
     * @throws InvalidInputException when {@code topK < 1}
     * @throws InvalidImageException when the bytes are no readable image, or too many pixels
     * @throws ServerBusyException   when the model's queue is full
     */
    public PredictionResult predict(String model, byte[] image, int topK) throws UnknownModelException,
            ModelNotLoadedException, InvalidImageException, InvalidInputException, ServerBusyException {
        if (topK < 1) {
            throw new InvalidInputException("topK must be at least 1, got " + topK);
        }
        long start = System.nanoTime();
        try (RoutedLease lease = routing.acquire(model)) {
            ServedModel served = lease.model();
            float[] probabilities;
            float[] input;
            try (DynamicBatcher.Ticket ticket = batchers.of(model).ticket()) {
                input = preprocess(served, image);
                probabilities = ticket.classify(served, List.of(input))[0];
            }
            List<Prediction> top = served.classifier().topK(probabilities, topK);
            long nanos = System.nanoTime() - start;
            metrics.predicted(model, nanos);
            lease.answered(List.of(input), new float[][] {probabilities}, nanos);
            return new PredictionResult(model, served.version(), top, Math.round(nanos / 1e3) / 1e3);
        }
    }

    /**
     * Class probabilities of several encoded images, each decoded and preprocessed by the model's
     * signature; one batch job for all of them.
     */
    public TensorResult classifyImages(String model, List<byte[]> images) throws UnknownModelException,
            ModelNotLoadedException, InvalidImageException, InvalidInputException, ServerBusyException {
        return classifyImages(model, null, images);
    }

    /** As above, answered only by {@code version} when not {@code null} (else 404: it does not serve here). */
    public TensorResult classifyImages(String model, String version, List<byte[]> images) throws UnknownModelException,
            ModelNotLoadedException, InvalidImageException, InvalidInputException, ServerBusyException {
        if (images.isEmpty()) {
            throw new InvalidInputException("no images to classify");
        }
        long start = System.nanoTime();
        try (RoutedLease lease = routing.acquire(model, version)) {
            ServedModel served = requireVersion(lease.model(), version);
            float[][] probabilities;
            List<float[]> inputs = new ArrayList<>(images.size());
            try (DynamicBatcher.Ticket ticket = batchers.of(model).ticket()) {
                for (byte[] image : images) {
                    inputs.add(preprocess(served, image));
                }
                probabilities = ticket.classify(served, inputs);
            }
            lease.answered(inputs, probabilities, System.nanoTime() - start);
            metrics.predicted(model, System.nanoTime() - start);
            return new TensorResult(model, served.version(), served.signature().classes(), probabilities);
        }
    }

    /**
     * Classifies inputs that are already preprocessed, laid out {@code [N, C, H, W]} row-major.
     *
     * @param shape  the tensor's shape; must be {@code [N, C, H, W]} with the model's C, H and W
     * @param values {@code N × C × H × W} values
     * @throws InvalidInputException when the shape does not fit the model or the values do not fit the shape
     */
    public TensorResult infer(String model, long[] shape, float[] values) throws UnknownModelException,
            ModelNotLoadedException, InvalidInputException, ServerBusyException {
        return infer(model, null, shape, values);
    }

    /** As above, answered only by {@code version} when not {@code null} (else 404: it does not serve here). */
    public TensorResult infer(String model, String version, long[] shape, float[] values) throws UnknownModelException,
            ModelNotLoadedException, InvalidInputException, ServerBusyException {
        long start = System.nanoTime();
        try (RoutedLease lease = routing.acquire(model, version)) {
            ServedModel served = requireVersion(lease.model(), version);
            ImageSignature signature = served.signature();
            long[] expected = {signature.channels(), signature.height(), signature.width()};
            if (shape.length != 4 || shape[0] < 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, 4), expected)) {
                throw new InvalidInputException("model " + model + " takes a tensor of shape [N, "
                        + expected[0] + ", " + expected[1] + ", " + expected[2] + "], got " + Arrays.toString(shape));
            }
            int size = signature.inputSize();
            if (values.length != shape[0] * size) {
                throw new InvalidInputException("shape " + Arrays.toString(shape) + " needs " + shape[0] * size
                        + " values, got " + values.length);
            }
            List<float[]> inputs = new ArrayList<>((int) shape[0]);
            for (int i = 0; i < shape[0]; i++) {
                inputs.add(Arrays.copyOfRange(values, i * size, (i + 1) * size));
            }
            float[][] probabilities;
            try (DynamicBatcher.Ticket ticket = batchers.of(model).ticket()) {
                probabilities = ticket.classify(served, inputs);
            }
            lease.answered(inputs, probabilities, System.nanoTime() - start);
            metrics.predicted(model, System.nanoTime() - start);
            return new TensorResult(model, served.version(), signature.classes(), probabilities);
        }
    }

    /**
     * Classifies rows already preprocessed by the serving version's signature ({@code C × H × W} floats each),
     * answered only by {@code version} when not {@code null}; one batch job for all of them.
     *
     * @throws InvalidInputException when a row's size does not fit the version that serves (it changed since the
     *                               caller read the signature)
     */
    public TensorResult inferRows(String model, String version, List<float[]> rows) throws UnknownModelException,
            ModelNotLoadedException, InvalidInputException, ServerBusyException {
        long start = System.nanoTime();
        try (RoutedLease lease = routing.acquire(model, version)) {
            ServedModel served = requireVersion(lease.model(), version);
            int size = served.signature().inputSize();
            if (rows.isEmpty() || rows.stream().anyMatch(row -> row.length != size)) {
                throw new InvalidInputException("model " + model + " version " + served.version() + " takes rows of "
                        + size + " values");
            }
            float[][] probabilities;
            try (DynamicBatcher.Ticket ticket = batchers.of(model).ticket()) {
                probabilities = ticket.classify(served, rows);
            }
            lease.answered(rows, probabilities, System.nanoTime() - start);
            metrics.predicted(model, System.nanoTime() - start);
            return new TensorResult(model, served.version(), served.signature().classes(), probabilities);
        }
    }

    /**
     * Decodes and preprocesses one image within the budget, and within the decodes in flight; running out of heap
     * on it refuses the image, not the service: its arrays belonged to this call alone and are unreachable once
     * it throws.
     */
    private float[] preprocess(ServedModel served, byte[] image) throws InvalidImageException, ServerBusyException {
        int share = decoding.enter(served.model(), decodedBytes(image));
        try {
            return served.preprocessor().preprocess(image);
        } catch (OutOfMemoryError e) {
            throw new InvalidImageException("image too large to decode: the heap ran out while decoding it");
        } finally {
            decoding.leave(share);
        }
    }

    /**
     * The bytes a request image will take decoded, as its header tells (0 when no header can be read: the decoder
     * words that failure).
     *
     * @throws InvalidImageException when that is over the budget
     */
    long decodedBytes(byte[] image) throws InvalidImageException {
        long[] header = DecodeBudget.header(image);
        if (header == null) {
            return 0;
        }
        String refusal = budget.refusal(header[0], header[1], header[2]);
        if (refusal != null) {
            throw new InvalidImageException("image " + refusal);
        }
        return DecodeBudget.decodedBytes(header[0], header[1], header[2]);
    }

    /** The leased version, if it is the one asked for ({@code null}: any). */
    public static ServedModel requireVersion(ServedModel served, String version) throws UnknownModelException {
        if (version != null && !version.equals(served.version())) {
            throw new UnknownModelException(served.model(), "model " + served.model() + " does not serve version "
                    + version + " here (it serves " + served.version() + ")");
        }
        return served;
    }

    /** Stops every model's batch workers (after the requests already queued have run). */
    @Override
    public void close() {
        batchers.close();
    }
}
