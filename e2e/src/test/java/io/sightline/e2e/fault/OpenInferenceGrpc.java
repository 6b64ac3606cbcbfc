package io.sightline.e2e.fault;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * A client of {@code inference.GRPCInferenceService/ModelInfer} built from the published specification's field
 * numbers, without the service's classes (this module runs the packaged services only): a request with one BYTES
 * input {@code image} in {@code raw_input_contents}, as tritonclient sends it, and the answering
 * {@code model_version}.
 */
final class OpenInferenceGrpc implements AutoCloseable {

    private static final MethodDescriptor<byte[], byte[]> MODEL_INFER = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("inference.GRPCInferenceService", "ModelInfer"))
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    private final ManagedChannel channel;

    OpenInferenceGrpc(int port) {
        this.channel = NettyChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }

    /** Classifies one encoded image; returns the version that answered. */
    String classify(String model, byte[] image) {
        byte[] answer = ClientCalls.blockingUnaryCall(channel, MODEL_INFER,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request(model, image));
        return modelVersion(answer);
    }

    /** ModelInferRequest: model_name = 1, inputs = 5 (name 1, datatype 2, shape 3), raw_input_contents = 7. */
    static byte[] request(String model, byte[] image) {
        try {
            ByteString.Output tensor = ByteString.newOutput();
            CodedOutputStream input = CodedOutputStream.newInstance(tensor);
            input.writeString(1, "image");
            input.writeString(2, "BYTES");
            input.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            input.writeUInt32NoTag(CodedOutputStream.computeInt64SizeNoTag(1));
            input.writeInt64NoTag(1);
            input.flush();
            // a BYTES element, raw: its length as 4 bytes little-endian, then the bytes
            ByteBuffer raw = ByteBuffer.allocate(4 + image.length).order(ByteOrder.LITTLE_ENDIAN);
            raw.putInt(image.length).put(image);

            ByteString.Output message = ByteString.newOutput();
            CodedOutputStream out = CodedOutputStream.newInstance(message);
            out.writeString(1, model);
            out.writeBytes(5, tensor.toByteString());
            out.writeByteArray(7, raw.array());
            out.flush();
            return message.toByteString().toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ModelInferResponse.model_version (field 2). */
    static String modelVersion(byte[] response) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(response);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == 2) {
                    return in.readString();
                }
                in.skipField(tag);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
