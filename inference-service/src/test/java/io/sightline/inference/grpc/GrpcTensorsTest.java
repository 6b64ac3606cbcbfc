package io.sightline.inference.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.grpc.protocol.InferParameter;
import io.sightline.inference.grpc.protocol.InferTensorContents;
import io.sightline.inference.grpc.protocol.ModelInferRequest;
import io.sightline.inference.grpc.protocol.ModelInferResponse;
import io.sightline.inference.oip.Datatype;
import io.sightline.inference.oip.InferRequest;
import io.sightline.inference.oip.InferResponse;
import io.sightline.inference.oip.ModelInput;
import io.sightline.inference.oip.OutputTensor;
import io.sightline.vision.ImageSignature;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gRPC wire form against the core: what the request maps to, what the core then reads from it. */
class GrpcTensorsTest {

    static final ImageSignature SIGNATURE = ImageSignature.rgb(2, List.of("a", "b"));

    static ModelInferRequest.Builder request(String name, String datatype, long... shape) {
        ModelInferRequest.InferInputTensor.Builder input =
                ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
        for (long dim : shape) {
            input.addShape(dim);
        }
        return ModelInferRequest.newBuilder().setModelName("m").addInputs(input);
    }

    static ModelInferRequest.Builder typed(String name, String datatype, InferTensorContents.Builder contents,
                                           long... shape) {
        ModelInferRequest.Builder request = request(name, datatype, shape);
        request.getInputsBuilder(0).setContents(contents);
        return request;
    }

    static ByteString floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            buffer.putFloat(value);
        }
        return ByteString.copyFrom(buffer.array());
    }

    /** BYTES elements as the protocol lays them out raw: a 4-byte little-endian length, then the bytes. */
    static ByteString lengthPrefixed(byte[]... elements) {
        int size = 0;
        for (byte[] element : elements) {
            size += 4 + element.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] element : elements) {
            buffer.putInt(element.length).put(element);
        }
        return ByteString.copyFrom(buffer.array());
    }

    /** What the core reads from a gRPC request for a 2 × 2 RGB model. */
    static ModelInput read(ModelInferRequest.Builder request) throws InvalidInputException {
        return ModelInput.read(GrpcTensors.request(request.build()).inputs(), SIGNATURE);
    }

    @Test
    void rawAndTypedContentsOfEveryTypedDatatypeReadAsTheSameRow() throws Exception {
        float[] row = new float[12];
        for (int i = 0; i < row.length; i++) {
            row[i] = i % 3;
        }
        float[] fromRaw = read(request("input", "FP32", 1, 3, 2, 2).addRawInputContents(floats(row))).rows().get(0);
        assertThat(fromRaw).containsExactly(row);
        InferTensorContents.Builder fp32 = InferTensorContents.newBuilder();
        InferTensorContents.Builder fp64 = InferTensorContents.newBuilder();
        InferTensorContents.Builder ints = InferTensorContents.newBuilder();
        InferTensorContents.Builder int64 = InferTensorContents.newBuilder();
        InferTensorContents.Builder uint64 = InferTensorContents.newBuilder();
        for (float value : row) {
            fp32.addFp32Contents(value);
            fp64.addFp64Contents(value);
            ints.addIntContents((int) value);
            int64.addInt64Contents((long) value);
            uint64.addUint64Contents((long) value);
        }
        InferTensorContents.Builder uints =
                InferTensorContents.newBuilder().addAllUintContents(ints.getIntContentsList());
        for (String type : List.of("FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32",
                "UINT64")) {
            InferTensorContents.Builder contents = switch (type) {
                case "FP32" -> fp32;
                case "FP64" -> fp64;
                case "INT64" -> int64;
                case "UINT64" -> uint64;
                default -> type.startsWith("U") ? uints : ints;
            };
            assertThat(read(typed("input", type, contents, 1, 3, 2, 2)).rows().get(0)).as(type).containsExactly(row);
        }
    }

    @Test
    void readsLengthPrefixedImagesAndTypedBytesAlike() throws Exception {
        byte[] a = {1, 2, 3};
        byte[] b = {};
        assertThat(read(request("image", "BYTES", 2).addRawInputContents(lengthPrefixed(a, b))).images())
                .containsExactly(a, b);
        assertThat(read(typed("image", "BYTES", InferTensorContents.newBuilder()
                .addBytesContents(ByteString.copyFrom(a)).addBytesContents(ByteString.copyFrom(b)), 2, 1)).images())
                .containsExactly(a, b);
    }

    @Test
    void requestedOutputsKeepTheirClassCountUnderEitherName() throws Exception {
        InferRequest request = GrpcTensors.request(request("input", "FP32", 1).setId("r1")
                .addOutputs(output("probabilities", GrpcTensors.CLASSIFICATION,
                        InferParameter.newBuilder().setInt64Param(3)))
                .addOutputs(output("other", GrpcTensors.CLASS_COUNT, InferParameter.newBuilder().setUint64Param(2)))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("plain")).build());
        assertThat(request.id()).isEqualTo("r1");
        assertThat(request.outputs()).extracting(o -> o.name() + ":" + o.classification())
                .containsExactly("probabilities:3", "other:2", "plain:0");
    }

    @Test
    void refusesWhatOnlyTheProtobufFormCanGetWrongWithItsReason() {
        assertRefused(request("input", "FP32", 1).addRawInputContents(floats(1)).addRawInputContents(floats(1)),
                "one entry per input");
        ModelInferRequest.Builder both = typed("input", "FP32", InferTensorContents.newBuilder().addFp32Contents(1), 1);
        assertRefused(both.addRawInputContents(floats(1)), "both contents and raw_input_contents");
        assertRefused(typed("input", "FP64", InferTensorContents.newBuilder().addFp32Contents(1), 1),
                "its values go in fp64_contents, got fp32_contents");
        assertRefused(typed("input", "FP16", InferTensorContents.newBuilder().addFp32Contents(1), 1),
                "send it in raw_input_contents");
        assertRefused(typed("input", "UINT8", InferTensorContents.newBuilder().addUintContents(256), 1),
                "the value 256 is outside 0..255");
        assertRefused(typed("input", "INT8", InferTensorContents.newBuilder().addIntContents(-129), 1),
                "outside -128..127");
        assertRefused(request("input", "FP32", 1).addOutputs(output("probabilities", GrpcTensors.CLASSIFICATION,
                InferParameter.newBuilder().setStringParam("3"))), "whole number of classes");
        assertRefused(request("input", "FP32", 1).addOutputs(output("probabilities", GrpcTensors.CLASSIFICATION,
                InferParameter.newBuilder().setInt64Param(1L << 40))), "whole number of classes");
    }

    @Test
    void theCoreRefusesTheRestAsOverRest() {
        assertCoreRefuses(request("input", "FP32", 1, 3, 2, 2).addRawInputContents(floats(1, 2)), "needs 48 bytes");
        assertCoreRefuses(typed("input", "FP32", InferTensorContents.newBuilder().addFp32Contents(1), 1, 3, 2, 2),
                "needs 48 bytes");
        assertCoreRefuses(request("input", "FP32", 1, -3).addRawInputContents(floats(1, 2)), "non-negative");
        assertCoreRefuses(request("input", "FP32"), "needs a shape");
        assertCoreRefuses(request("input", "BOOL", 1, 3, 2, 2), "accepted: FP16, FP32");
        assertCoreRefuses(request("image", "FP32", 1).addRawInputContents(floats(1)), "takes BYTES");
        assertCoreRefuses(request("image", "BYTES", 2).addRawInputContents(lengthPrefixed(new byte[2])),
                "needs 2 BYTES elements");
        assertCoreRefuses(request("image", "BYTES", 1).addRawInputContents(
                ByteString.copyFrom(new byte[] {(byte) 0xff, -1, -1, 127, 0})), "declares 2147483647 bytes");
        assertCoreRefuses(request("image", "BYTES", 1, 2).addRawInputContents(lengthPrefixed(new byte[1])),
                "[N] or [N, 1]");
        assertCoreRefuses(request("input", "FP32", 1L << 62, 3, 2, 2).addRawInputContents(floats(1)), "overflows");
        assertCoreRefuses(ModelInferRequest.newBuilder(), "exactly one input");
    }

    @Test
    void aHugeDeclaredShapeIsRefusedBeforeAnythingIsAllocated() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ModelInferRequest huge = request("input", "FP32", 100_000_000, 3, 2, 2).addRawInputContents(floats(1, 2, 3, 4))
                .build();
        ModelInferRequest hugeTyped = typed("input", "FP64", InferTensorContents.newBuilder().addFp64Contents(1),
                100_000_000, 3, 2, 2).build();
        ModelInferRequest manyImages = request("image", "BYTES", Integer.MAX_VALUE)
                .addRawInputContents(lengthPrefixed(new byte[1])).build();
        ModelInferRequest manyTypedImages = typed("image", "BYTES", InferTensorContents.newBuilder()
                .addBytesContents(ByteString.copyFrom(new byte[1])), Integer.MAX_VALUE).build();
        read(request("input", "FP32", 1, 3, 2, 2).addRawInputContents(floats(new float[12]))); // classes loaded
        long before = threads.getCurrentThreadAllocatedBytes();
        for (ModelInferRequest request : List.of(huge, hugeTyped, manyImages, manyTypedImages)) {
            assertThatThrownBy(() -> ModelInput.read(GrpcTensors.request(request).inputs(), SIGNATURE))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs");
        }
        // 4.8 GB (FP32) and 9.6 GB (FP64) announced, and 2^31 images; refusing them takes the exceptions' kilobytes
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1 << 20);
    }

    @Test
    void answersRawWhenTheInputsCameRawAndTypedOtherwise() {
        InferResponse answer = new InferResponse("m", "3", "r1", List.of(
                new OutputTensor("probabilities", Datatype.FP32, new long[] {2, 2}, new float[] {0.25f, 0.75f, 1f, 0f},
                        null, false),
                new OutputTensor("classes", Datatype.BYTES, new long[] {1, 1}, null, List.of("0.75:1:b"), false)));
        ModelInferResponse raw = GrpcTensors.response(answer, true);
        assertThat(raw.getModelVersion()).isEqualTo("3");
        assertThat(raw.getId()).isEqualTo("r1");
        assertThat(raw.getOutputs(0).getShapeList()).containsExactly(2L, 2L);
        assertThat(raw.getOutputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(raw.getOutputs(0).hasContents()).isFalse();
        assertThat(raw.getRawOutputContents(0)).isEqualTo(floats(0.25f, 0.75f, 1f, 0f));
        assertThat(raw.getRawOutputContents(1)).isEqualTo(lengthPrefixed("0.75:1:b".getBytes(StandardCharsets.UTF_8)));

        ModelInferResponse typed = GrpcTensors.response(answer, false);
        assertThat(typed.getRawOutputContentsCount()).isZero();
        assertThat(typed.getOutputs(0).getContents().getFp32ContentsList()).containsExactly(0.25f, 0.75f, 1f, 0f);
        assertThat(typed.getOutputs(1).getDatatype()).isEqualTo("BYTES");
        assertThat(typed.getOutputs(1).getContents().getBytesContents(0).toStringUtf8()).isEqualTo("0.75:1:b");
    }

    private static ModelInferRequest.InferRequestedOutputTensor.Builder output(String name, String parameter,
                                                                               InferParameter.Builder value) {
        return ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(name).putParameters(parameter,
                value.build());
    }

    private static void assertRefused(ModelInferRequest.Builder request, String reason) {
        assertThatThrownBy(() -> GrpcTensors.request(request.build())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(reason);
    }

    private static void assertCoreRefuses(ModelInferRequest.Builder request, String reason) {
        assertThatThrownBy(() -> read(request)).isInstanceOf(InvalidInputException.class).hasMessageContaining(reason);
    }
}
