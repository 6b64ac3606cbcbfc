package io.sightline.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.serving.TensorResult;
import io.sightline.vision.ImageSignature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the Open Inference Protocol v2 (KServe v2 REST) as far as this service implements it, and
 * the mapping between its tensors and the domain's.
 */
final class OpenInference {

    static final String PLATFORM = "djl_pytorch";
    static final String INPUT = "input";
    static final String IMAGE = "image";
    static final String OUTPUT = "probabilities";
    static final String FP32 = "FP32";
    static final String BYTES = "BYTES";

    private OpenInference() {
    }

    record ServerMetadata(String name, String version, List<String> extensions) {
    }

    record Ready(boolean ready) {
    }

    record Live(boolean live) {
    }

    record ModelReady(String name, boolean ready) {
    }

    record TensorMetadata(String name, String datatype, List<Long> shape) {
    }

    /**
     * Model metadata. A request sends ONE of the two inputs: {@code input}, FP32 {@code [N, C, H, W]}
     * already normalised by the signature, or {@code image}, BYTES {@code [N]} of encoded images (base64
     * in JSON), which the service decodes and preprocesses itself. {@code classes} is an addition to the
     * protocol: what each output column means.
     */
    record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                         List<TensorMetadata> outputs, List<String> classes) {

        static ModelMetadata of(String model, String version, ImageSignature signature) {
            return new ModelMetadata(model, List.of(version), PLATFORM,
                    List.of(new TensorMetadata(INPUT, FP32, List.of(-1L, (long) signature.channels(),
                                    (long) signature.height(), (long) signature.width())),
                            new TensorMetadata(IMAGE, BYTES, List.of(-1L))),
                    List.of(new TensorMetadata(OUTPUT, FP32, List.of(-1L, (long) signature.classes().size()))),
                    signature.classes());
        }
    }

    record InferInput(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
                      JsonNode data) {
    }

    record InferRequest(String id, Map<String, Object> parameters, List<InferInput> inputs) {

        /** The one input tensor this service takes: FP32 or BYTES. */
        InferInput input() throws InvalidInputException {
            if (inputs == null || inputs.size() != 1) {
                throw new InvalidInputException("expected exactly one input tensor, got "
                        + (inputs == null ? 0 : inputs.size()));
            }
            InferInput input = inputs.get(0);
            if (input == null) {
                throw new InvalidInputException("expected exactly one input tensor, got null");
            }
            if (!FP32.equals(input.datatype()) && !BYTES.equals(input.datatype())) {
                throw new InvalidInputException("input datatype must be FP32 (a preprocessed [N, C, H, W] tensor)"
                        + " or BYTES (encoded images, base64), got " + input.datatype());
            }
            if (input.shape() == null || input.shape().isEmpty()) {
                throw new InvalidInputException("input needs a shape");
            }
            return input;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InferOutput(String name, List<Long> shape, String datatype, float[] data) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InferResponse(@JsonProperty("model_name") String modelName,
                         @JsonProperty("model_version") String modelVersion,
                         String id,
                         List<InferOutput> outputs) {

        static InferResponse of(String id, TensorResult result) {
            float[][] rows = result.probabilities();
            int classes = result.classes().size();
            float[] flat = new float[rows.length * classes];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(rows[i], 0, flat, i * classes, classes);
            }
            return new InferResponse(result.model(), result.version(), id,
                    List.of(new InferOutput(OUTPUT, List.of((long) rows.length, (long) classes), FP32, flat)));
        }
    }

    static long[] shape(InferInput input) throws InvalidInputException {
        long[] shape = new long[input.shape().size()];
        for (int i = 0; i < shape.length; i++) {
            Long dim = input.shape().get(i);
            if (dim == null || dim < 0) {
                throw new InvalidInputException("shape dimensions must be non-negative, got " + input.shape());
            }
            shape[i] = dim;
        }
        return shape;
    }

    /**
     * The encoded images of a BYTES tensor: base64 strings (standard or URL-safe alphabet) in a flat or
     * nested JSON array, as many as the shape says ({@code [N]} or {@code [N, 1]}).
     */
    static List<byte[]> images(InferInput input) throws InvalidInputException {
        long[] shape = shape(input);
        if (shape.length < 1 || shape.length > 2 || shape[0] < 1 || (shape.length == 2 && shape[1] != 1)) {
            throw new InvalidInputException("a BYTES input holds one encoded image per row: shape [N] or [N, 1], got "
                    + input.shape());
        }
        if (input.data() == null || !input.data().isArray()) {
            throw new InvalidInputException("BYTES input data must be a JSON array of base64 strings");
        }
        List<byte[]> images = new ArrayList<>();
        collect(input.data(), images);
        if (images.size() != shape[0]) {
            throw new InvalidInputException("the shape " + input.shape() + " needs " + shape[0] + " images, got "
                    + images.size());
        }
        return images;
    }

    private static void collect(JsonNode node, List<byte[]> into) throws InvalidInputException {
        for (JsonNode item : node) {
            if (item.isArray()) {
                collect(item, into);
            } else if (item.isTextual()) {
                into.add(base64(item.textValue()));
            } else {
                throw new InvalidInputException("BYTES input data must hold base64 strings, got " + item.getNodeType());
            }
        }
    }

    private static byte[] base64(String text) throws InvalidInputException {
        String compact = text.replaceAll("\\s", ""); // line breaks of MIME-style base64
        try {
            return compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(compact)
                    : Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("BYTES input data is not base64: " + e.getMessage());
        }
    }

    /** The tensor's values, row-major, from a flat or nested JSON array; exactly {@code count} of them. */
    static float[] values(JsonNode data, long count) throws InvalidInputException {
        if (data == null || !data.isArray()) {
            throw new InvalidInputException("input data must be a JSON array of numbers");
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("tensor too large");
        }
        float[] values = new float[(int) count];
        int filled = flatten(data, values, 0);
        if (filled != count) {
            throw new InvalidInputException("the shape needs " + count + " values, got " + filled);
        }
        return values;
    }

    private static int flatten(JsonNode node, float[] into, int at) throws InvalidInputException {
        for (JsonNode item : node) {
            if (item.isArray()) {
                at = flatten(item, into, at);
            } else if (item.isNumber()) {
                if (at >= into.length) {
                    throw new InvalidInputException("more values than the shape holds (" + into.length + ")");
                }
                into[at++] = item.floatValue();
            } else {
                throw new InvalidInputException("input data must hold numbers only, got " + item.getNodeType());
            }
        }
        return at;
    }
}
