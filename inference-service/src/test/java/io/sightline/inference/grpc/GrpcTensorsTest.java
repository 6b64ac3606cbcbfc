package io.sightline.inference.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.grpc.protocol.InferTensorContents;
import io.sightline.inference.grpc.protocol.ModelInferRequest;
import io.sightline.inference.serving.TensorResult;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcTensorsTest {

    static ModelInferRequest.Builder request(String name, String datatype, long... shape) {
        ModelInferRequest.InferInputTensor.Builder input =
                ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
        for (long dim : shape) {
            input.addShape(dim);
        }
        return ModelInferRequest.newBuilder().setModelName("m").addInputs(input);
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

    @Test
    void readsRawLittleEndianFloatsAndTypedOnesAlike() throws Exception {
        GrpcTensors.Input raw = GrpcTensors.input(request("input", "FP32", 1, 2).addRawInputContents(floats(1.5f, -2f)).build());
        assertThat(raw.shape()).containsExactly(1, 2);
        assertThat(raw.values()).containsExactly(1.5f, -2f);
        ModelInferRequest.Builder typed = request("input", "FP32", 1, 2);
        typed.getInputsBuilder(0).setContents(InferTensorContents.newBuilder().addFp32Contents(1.5f).addFp32Contents(-2f));
        assertThat(GrpcTensors.input(typed.build()).values()).containsExactly(1.5f, -2f);
    }

    @Test
    void readsLengthPrefixedImagesAndTypedBytes() throws Exception {
        byte[] a = {1, 2, 3};
        byte[] b = {};
        List<byte[]> images = GrpcTensors.input(request("image", "BYTES", 2).addRawInputContents(lengthPrefixed(a, b))
                .build()).images();
        assertThat(images).containsExactly(a, b);
        ModelInferRequest.Builder typed = request("image", "BYTES", 1, 1);
        typed.getInputsBuilder(0).setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFrom(a)));
        assertThat(GrpcTensors.input(typed.build()).images()).containsExactly(a);
    }

    @Test
    void refusesEveryInconsistencyWithItsReason() {
        assertRefused(request("input", "FP32", 1, 3).addRawInputContents(floats(1, 2)), "needs 12 bytes");
        assertRefused(request("input", "FP32", 1, -3).addRawInputContents(floats(1, 2)), "non-negative");
        assertRefused(request("input", "FP32"), "needs a shape");
        assertRefused(request("input", "INT8", 1).addRawInputContents(ByteString.copyFrom(new byte[1])), "FP32");
        assertRefused(request("image", "FP32", 1).addRawInputContents(floats(1)), "is the input 'input'");
        assertRefused(request("input", "FP32", 1).addRawInputContents(floats(1)).addRawInputContents(floats(1)),
                "one entry per input");
        assertRefused(request("input", "FP32", 1).addRawInputContents(floats(1))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("logits")), "unknown output 'logits'");
        assertRefused(request("image", "BYTES", 2).addRawInputContents(lengthPrefixed(new byte[2])), "needs 2 images");
        assertRefused(request("image", "BYTES", 1).addRawInputContents(lengthPrefixed(new byte[2], new byte[2])),
                "more than the 1 images");
        assertRefused(request("image", "BYTES", 1).addRawInputContents(ByteString.copyFrom(new byte[] {(byte) 0xff, -1, -1, 127, 0})),
                "declares 2147483647 bytes");
        assertRefused(request("image", "BYTES", 1).addRawInputContents(ByteString.copyFrom(new byte[] {1, 0})),
                "ends inside the length");
        assertRefused(request("image", "BYTES", 1, 2).addRawInputContents(lengthPrefixed(new byte[1])), "[N] or [N, 1]");
        assertRefused(ModelInferRequest.newBuilder(), "exactly one input");
    }

    @Test
    void aShapeWhoseProductOverflowsIsRefusedNotAnError() {
        assertRefused(request("input", "FP32", 1L << 32, 1L << 32).addRawInputContents(floats(1)), "more elements");
        assertRefused(request("input", "FP32", 1L << 31, 1L << 31).addRawInputContents(floats(1)), "more elements");
    }

    @Test
    void aHugeDeclaredShapeIsRefusedBeforeAnythingIsAllocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ModelInferRequest huge = request("input", "FP32", 100_000, 3, 32, 32).addRawInputContents(floats(1, 2, 3, 4)).build();
        ModelInferRequest.Builder typed = request("input", "FP32", 100_000, 3, 32, 32);
        typed.getInputsBuilder(0).setContents(InferTensorContents.newBuilder().addFp32Contents(1));
        ModelInferRequest hugeTyped = typed.build();
        ModelInferRequest manyImages = request("image", "BYTES", Integer.MAX_VALUE).addRawInputContents(lengthPrefixed(new byte[1])).build();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (ModelInferRequest request : List.of(huge, hugeTyped, manyImages)) {
            assertThatThrownBy(() -> GrpcTensors.input(request)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("needs");
        }
        // 1.2 GB announced three times; refusing them takes the exceptions' few kilobytes
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(1 << 20);
    }

    @Test
    void answersProbabilitiesAsRawLittleEndianFp32() {
        var response = GrpcTensors.response("r1", new TensorResult("m", "3", List.of("a", "b"),
                new float[][] {{0.25f, 0.75f}, {1f, 0f}}));
        assertThat(response.getModelVersion()).isEqualTo("3");
        assertThat(response.getId()).isEqualTo("r1");
        assertThat(response.getOutputs(0).getShapeList()).containsExactly(2L, 2L);
        assertThat(response.getOutputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(response.getRawOutputContents(0)).isEqualTo(floats(0.25f, 0.75f, 1f, 0f));
    }

    private static void assertRefused(ModelInferRequest.Builder request, String reason) {
        assertThatThrownBy(() -> GrpcTensors.input(request.build())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(reason);
    }
}
