package io.sightline.inference.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.inference.grpc.protocol.ModelMetadataResponse;
import io.sightline.inference.grpc.protocol.ServerMetadataResponse;
import io.sightline.inference.oip.ModelMetadata;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Server and model metadata as {@code /v2} over HTTP words them, in the proto's messages. */
@Singleton
public class GrpcMetadata {

    /** What of the extensions {@code GET /v2} lists applies to this proto: the others are HTTP routes. */
    static final List<String> EXTENSIONS = List.of("classification");

    private final ObjectMapper json;
    private final String version;

    public GrpcMetadata(ObjectMapper json, @ConfigProperty(name = "quarkus.application.version") String version) {
        this.json = json;
        this.version = version;
    }

    ServerMetadataResponse server() {
        return ServerMetadataResponse.newBuilder().setName("sightline-inference").setVersion(version)
                .addAllExtensions(EXTENSIONS).build();
    }

    /**
     * The core's metadata. The proto has no {@code parameters}; its {@code properties} (strings) carry them,
     * JSON where a value is not a string ({@code alternative_inputs}), and {@code classes}.
     */
    ModelMetadataResponse model(ModelMetadata metadata) throws JsonProcessingException {
        ModelMetadataResponse.Builder response = ModelMetadataResponse.newBuilder().setName(metadata.name())
                .addAllVersions(metadata.versions()).setPlatform(metadata.platform())
                .putProperties("classes", json.writeValueAsString(metadata.classes()));
        metadata.inputs().forEach(input -> response.addInputs(tensor(input)));
        metadata.outputs().forEach(output -> response.addOutputs(tensor(output)));
        for (Map.Entry<String, Object> parameter : metadata.parameters().entrySet()) {
            Object value = parameter.getValue();
            response.putProperties(parameter.getKey(),
                    value instanceof String text ? text : json.writeValueAsString(value));
        }
        return response.build();
    }

    private static ModelMetadataResponse.TensorMetadata tensor(ModelMetadata.TensorMetadata tensor) {
        return ModelMetadataResponse.TensorMetadata.newBuilder().setName(tensor.name())
                .setDatatype(tensor.datatype()).addAllShape(tensor.shape()).build();
    }
}
