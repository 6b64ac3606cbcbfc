package io.sightline.inference.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.inference.grpc.protocol.ModelMetadataResponse;
import io.sightline.inference.grpc.protocol.ServerMetadataResponse;
import io.sightline.vision.ImageSignature;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Server and model metadata as {@code /v2} over HTTP words them. */
@Singleton
public class GrpcMetadata {

    private final ObjectMapper json;
    private final String version;

    public GrpcMetadata(ObjectMapper json, @ConfigProperty(name = "quarkus.application.version") String version) {
        this.json = json;
        this.version = version;
    }

    ServerMetadataResponse server() {
        return ServerMetadataResponse.newBuilder().setName("sightline-inference").setVersion(version).build();
    }

    /**
     * Inputs {@code input} FP32 {@code [-1, C, H, W]} and {@code image} BYTES {@code [-1]} (a request sends one),
     * output {@code probabilities} FP32 {@code [-1, K]}; property {@code classes}, a JSON array of what each output
     * column means.
     */
    ModelMetadataResponse model(String model, String servingVersion, ImageSignature signature)
            throws JsonProcessingException {
        return ModelMetadataResponse.newBuilder().setName(model).addVersions(servingVersion).setPlatform("djl_pytorch")
                .addInputs(tensor(GrpcTensors.INPUT, GrpcTensors.FP32, -1, signature.channels(), signature.height(),
                        signature.width()))
                .addInputs(tensor(GrpcTensors.IMAGE, GrpcTensors.BYTES, -1))
                .addOutputs(tensor(GrpcTensors.OUTPUT, GrpcTensors.FP32, -1, signature.classes().size()))
                .putProperties("classes", json.writeValueAsString(signature.classes()))
                .build();
    }

    private static ModelMetadataResponse.TensorMetadata tensor(String name, String datatype, long... shape) {
        ModelMetadataResponse.TensorMetadata.Builder tensor =
                ModelMetadataResponse.TensorMetadata.newBuilder().setName(name).setDatatype(datatype);
        for (long dim : shape) {
            tensor.addShape(dim);
        }
        return tensor.build();
    }
}
