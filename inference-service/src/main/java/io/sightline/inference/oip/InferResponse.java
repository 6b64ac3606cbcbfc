package io.sightline.inference.oip;

import java.util.List;

/** The answer to an {@link InferRequest}: the version that answered and the outputs asked for, in their order. */
public record InferResponse(String modelName, String modelVersion, String id, List<OutputTensor> outputs) {
}
