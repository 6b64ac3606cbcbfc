package io.sightline.inference.oip;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.sightline.vision.ImageSignature;
import java.util.List;

/**
 * A model's configuration in the shape of the model configuration extension (Triton's {@code config.pbtxt} as
 * JSON): what clients such as Triton's image client read to lay out their tensors. Dims leave out the batch
 * dimension, as {@code max_batch_size > 0} says.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelConfig(String name, String platform, int maxBatchSize, List<TensorConfig> input,
                          List<TensorConfig> output) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TensorConfig(String name, String dataType, String format, List<Long> dims) {
    }

    static ModelConfig of(String model, ImageSignature signature, int maxBatchSize) {
        return new ModelConfig(model, ModelMetadata.PLATFORM, maxBatchSize,
                List.of(new TensorConfig(ModelInput.INPUT, "TYPE_FP32", "FORMAT_NCHW", List.of(
                        (long) signature.channels(), (long) signature.height(), (long) signature.width()))),
                List.of(new TensorConfig(ModelOutputs.PROBABILITIES, "TYPE_FP32", "FORMAT_NONE",
                        List.of((long) signature.classes().size()))));
    }
}
