package io.sightline.inference.grpc;

import com.google.protobuf.ByteString;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.grpc.protocol.InferParameter;
import io.sightline.inference.grpc.protocol.InferTensorContents;
import io.sightline.inference.grpc.protocol.ModelInferRequest;
import io.sightline.inference.grpc.protocol.ModelInferResponse;
import io.sightline.inference.oip.Datatype;
import io.sightline.inference.oip.InferRequest;
import io.sightline.inference.oip.InferResponse;
import io.sightline.inference.oip.InputTensor;
import io.sightline.inference.oip.OutputTensor;
import io.sightline.inference.oip.RequestedOutput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gRPC wire form of inference, as {@code rest.OpenInferenceWire} is the REST one: a {@link ModelInferRequest}
 * as the core's {@link InferRequest} (raw_input_contents as they are, typed contents through
 * {@link TypedContents}), the core's answer as a {@link ModelInferResponse}. Every check of names, datatypes and
 * shapes against the model and the data, and the bound on what a request may make the service allocate, are the
 * core's; only what the protobuf form can get wrong by itself is refused here.
 */
final class GrpcTensors {

    /** The output parameter of the classification extension (tritonclient's name), and KServe's spelling. */
    static final String CLASSIFICATION = "classification";
    static final String CLASS_COUNT = "class_count";

    private GrpcTensors() {
    }

    static InferRequest request(ModelInferRequest request) throws InvalidInputException {
        int raw = request.getRawInputContentsCount();
        if (raw != 0 && raw != request.getInputsCount()) {
            throw new InvalidInputException("raw_input_contents needs one entry per input, got " + raw + " for "
                    + request.getInputsCount() + " input(s)");
        }
        List<InputTensor> inputs = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            inputs.add(input(request.getInputs(i), raw == 0 ? null : request.getRawInputContents(i)));
        }
        List<RequestedOutput> outputs = new ArrayList<>(request.getOutputsCount());
        for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
            outputs.add(new RequestedOutput(output.getName(), classCount(output.getParametersMap()), null));
        }
        return new InferRequest(request.getId(), inputs, outputs, raw != 0);
    }

    private static InputTensor input(ModelInferRequest.InferInputTensor tensor, ByteString raw)
            throws InvalidInputException {
        long[] shape = tensor.getShapeList().stream().mapToLong(Long::longValue).toArray();
        if (raw != null) {
            if (tensor.hasContents()) {
                throw new InvalidInputException("input '" + tensor.getName()
                        + "' has both contents and raw_input_contents: send one");
            }
            return new InputTensor(tensor.getName(), tensor.getDatatype(), shape, null, raw.asReadOnlyByteBuffer());
        }
        Datatype type;
        try {
            type = Datatype.parse(tensor.getDatatype());
        } catch (InvalidInputException unknown) {
            // no data: the core refuses the datatype in its turn, after the checks that come first over REST too
            return new InputTensor(tensor.getName(), tensor.getDatatype(), shape, null, ByteBuffer.allocate(0));
        }
        ByteBuffer typed = TypedContents.raw(tensor.getName(), type, tensor.getContents());
        return new InputTensor(tensor.getName(), tensor.getDatatype(), shape, null, typed);
    }

    /** The class count of a requested output; 0 (the plain tensor) when it names none. */
    private static int classCount(Map<String, InferParameter> parameters) throws InvalidInputException {
        InferParameter count = parameters.containsKey(CLASSIFICATION) ? parameters.get(CLASSIFICATION)
                : parameters.get(CLASS_COUNT);
        if (count == null) {
            return 0;
        }
        boolean whole = switch (count.getParameterChoiceCase()) {
            case INT64_PARAM -> count.getInt64Param() == (int) count.getInt64Param();
            case UINT64_PARAM -> count.getUint64Param() >= 0 && count.getUint64Param() <= Integer.MAX_VALUE;
            default -> false;
        };
        if (!whole) {
            throw new InvalidInputException(CLASSIFICATION + " must be a whole number of classes (int64_param)");
        }
        return (int) (count.getParameterChoiceCase() == InferParameter.ParameterChoiceCase.INT64_PARAM
                ? count.getInt64Param() : count.getUint64Param());
    }

    /**
     * The answer in the form the request chose: a request whose inputs came in raw_input_contents is answered in
     * raw_output_contents (the protocol's binary form; what tritonclient sends and Triton answers), a typed one
     * in typed contents, FP32 in {@code fp32_contents}, the classification's BYTES in {@code bytes_contents}, so
     * that a client writing typed contents need not decode binary. tritonclient's and KServe's clients read both.
     */
    static ModelInferResponse response(InferResponse answer, boolean raw) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(answer.modelName())
                .setModelVersion(answer.modelVersion()).setId(answer.id() == null ? "" : answer.id());
        for (OutputTensor output : answer.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(output.name()).setDatatype(output.datatype().name());
            for (long dim : output.shape()) {
                tensor.addShape(dim);
            }
            if (raw) {
                response.addRawOutputContents(ByteString.copyFrom(output.rawBytes()));
            } else {
                tensor.setContents(contents(output));
            }
            response.addOutputs(tensor);
        }
        return response.build();
    }

    private static InferTensorContents contents(OutputTensor output) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        if (output.floats() != null) {
            for (float value : output.floats()) {
                contents.addFp32Contents(value);
            }
        } else {
            for (String element : output.strings()) {
                contents.addBytesContents(ByteString.copyFrom(element, StandardCharsets.UTF_8));
            }
        }
        return contents.build();
    }
}
