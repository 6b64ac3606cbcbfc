package io.sightline.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.TensorResult;
import io.sightline.vision.ImageSignature;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the Open Inference Protocol v2 (KServe v2 REST) as far as this service implements it, and
 * the mapping between its tensors and the domain's.
 */
final class OpenInference {

    static final String PLATFORM = "djl_pytorch";
    static final String INPUT = "input";
    static final String OUTPUT = "probabilities";
    static final String FP32 = "FP32";

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

    /** Model metadata; {@code classes} is an addition to the protocol: what each output column means. */
    record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                         List<TensorMetadata> outputs, List<String> classes) {

        static ModelMetadata of(String model, String version, ImageSignature signature) {
            return new ModelMetadata(model, List.of(version), PLATFORM,
                    List.of(new TensorMetadata(INPUT, FP32, List.of(-1L, (long) signature.channels(),
                            (long) signature.height(), (long) signature.width()))),
                    List.of(new TensorMetadata(OUTPUT, FP32, List.of(-1L, (long) signature.classes().size()))),
                    signature.classes());
        }
    }

    record InferInput(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
                      JsonNode data) {
    }

    record InferRequest(String id, Map<String, Object> parameters, List<InferInput> inputs) {

        /** The one FP32 input tensor this service takes. */
        InferInput input() throws InvalidInputException {
            if (inputs == null || inputs.size() != 1) {
                throw new InvalidInputException("expected exactly one input tensor, got "
                        + (inputs == null ? 0 : inputs.size()));
            }
            InferInput input = inputs.get(0);
            if (!FP32.equals(input.datatype())) {
                throw new InvalidInputException("input datatype must be FP32, got " + input.datatype());
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
