package io.sightline.inference.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.inference.oip.ModelStatistics;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the Open Inference Protocol v2 REST surface besides inference itself (whose wire form
 * {@link OpenInferenceWire} reads and writes), and the shapes OpenAPI documents.
 */
final class OpenInference {

    /** Extensions this server implements, as {@code GET /v2} lists them (names as Triton spells them). */
    static final List<String> EXTENSIONS = List.of("binary_tensor_data", "classification", "model_repository",
            "statistics", "model_configuration");

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

    record Statistics(@JsonProperty("model_stats")
                      List<ModelStatistics.ModelStats> modelStats) {
    }

    /** One entry of the repository index. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RepositoryModel(String name, String version, String state, String reason) {
    }

    /** For OpenAPI only: an inference request's JSON (its header, when binary data follows). */
    record InferRequestSchema(String id, Map<String, Object> parameters, List<TensorSchema> inputs,
                              List<RequestedOutputSchema> outputs) {
    }

    /** For OpenAPI only. {@code parameters.binary_data_size}: the tensor's data follows the JSON, binary. */
    record TensorSchema(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
                        JsonNode data) {
    }

    /** For OpenAPI only. {@code parameters}: {@code binary_data}, {@code classification} (a class count). */
    record RequestedOutputSchema(String name, Map<String, Object> parameters) {
    }
}
