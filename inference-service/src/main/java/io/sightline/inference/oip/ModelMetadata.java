package io.sightline.inference.oip;

import io.sightline.vision.ImageSignature;
import java.util.List;
import java.util.Map;

/**
 * Model metadata. {@code inputs} lists the one input a generic client sends, {@code input} (FP32
 * {@code [N, C, H, W]}, already normalised by the signature); {@code parameters.alternative_inputs} lists the
 * inputs that may replace it, {@code image} (BYTES {@code [N]}, encoded images the service decodes and
 * preprocesses). A request sends exactly one of them. {@code classes} is an addition to the protocol: what each
 * output column means.
 */
public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                            List<TensorMetadata> outputs, List<String> classes, Map<String, Object> parameters) {

    public static final String PLATFORM = "djl_pytorch";

    public record TensorMetadata(String name, String datatype, List<Long> shape) {
    }

    static ModelMetadata of(String model, String version, ImageSignature signature) {
        TensorMetadata image = new TensorMetadata(ModelInput.IMAGE, Datatype.BYTES.name(), List.of(-1L));
        return new ModelMetadata(model, List.of(version), PLATFORM,
                List.of(new TensorMetadata(ModelInput.INPUT, Datatype.FP32.name(), List.of(-1L,
                        (long) signature.channels(), (long) signature.height(), (long) signature.width()))),
                List.of(new TensorMetadata(ModelOutputs.PROBABILITIES, Datatype.FP32.name(),
                        List.of(-1L, (long) signature.classes().size()))),
                signature.classes(),
                Map.of("alternative_inputs", List.of(image),
                        "input_note", "send exactly one input: 'input' (any numeric datatype, converted to FP32, "
                                + "already normalised) or 'image' (BYTES, encoded images; base64 strings in JSON)"));
    }
}
