package io.sightline.inference.grpc;

import com.google.protobuf.ByteString;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.grpc.protocol.InferTensorContents;
import io.sightline.inference.grpc.protocol.ModelInferRequest;
import io.sightline.inference.grpc.protocol.ModelInferResponse;
import io.sightline.inference.serving.TensorResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A gRPC inference request as the domain's input, and the domain's answer as a gRPC response. Every field is
 * hostile: sizes are computed with overflow checks and compared with the bytes actually received before anything
 * is allocated for them, so a small message declaring a huge shape costs nothing. Kept apart from the service so
 * that the conversion can move to a core shared with {@code /v2} over HTTP.
 */
final class GrpcTensors {

    static final String INPUT = "input";
    static final String IMAGE = "image";
    static final String OUTPUT = "probabilities";
    static final String FP32 = "FP32";
    static final String BYTES = "BYTES";

    private GrpcTensors() {
    }

    /**
     * What a request asks to classify: a preprocessed FP32 tensor, or encoded images.
     *
     * @param shape  the FP32 tensor's shape, {@code null} for images
     * @param values the FP32 tensor's values, row-major, {@code null} for images
     * @param images the encoded images of a BYTES tensor, {@code null} for a tensor
     */
    record Input(long[] shape, float[] values, List<byte[]> images) {
    }

    static Input input(ModelInferRequest request) throws InvalidInputException {
        if (request.getInputsCount() != 1) {
            throw new InvalidInputException("expected exactly one input tensor ('" + INPUT + "' FP32 or '" + IMAGE
                    + "' BYTES), got " + request.getInputsCount());
        }
        int raw = request.getRawInputContentsCount();
        if (raw != 0 && raw != request.getInputsCount()) {
            throw new InvalidInputException("raw_input_contents needs one entry per input, got " + raw + " for "
                    + request.getInputsCount() + " input(s)");
        }
        for (ModelInferRequest.InferRequestedOutputTensor output : request.getOutputsList()) {
            if (!OUTPUT.equals(output.getName())) {
                throw new InvalidInputException("unknown output '" + output.getName() + "': the model answers '"
                        + OUTPUT + "'");
            }
        }
        ModelInferRequest.InferInputTensor tensor = request.getInputs(0);
        if (raw != 0 && tensor.hasContents()) {
            throw new InvalidInputException("input '" + tensor.getName()
                    + "' has both contents and raw_input_contents: send one");
        }
        ByteString rawContents = raw == 0 ? null : request.getRawInputContents(0);
        long count = elements(tensor.getShapeList());
        if (FP32.equals(tensor.getDatatype())) {
            requireName(tensor, INPUT);
            return new Input(shape(tensor.getShapeList()), floats(tensor, rawContents, count), null);
        }
        if (BYTES.equals(tensor.getDatatype())) {
            requireName(tensor, IMAGE);
            return new Input(null, null, images(tensor, rawContents));
        }
        throw new InvalidInputException("input datatype must be FP32 (input '" + INPUT + "', a preprocessed [N, C, H, W]"
                + " tensor) or BYTES (input '" + IMAGE + "', encoded images), got '" + tensor.getDatatype() + "'");
    }

    private static void requireName(ModelInferRequest.InferInputTensor tensor, String expected)
            throws InvalidInputException {
        if (!tensor.getName().isEmpty() && !expected.equals(tensor.getName())) {
            throw new InvalidInputException("a " + tensor.getDatatype() + " tensor is the input '" + expected
                    + "', got '" + tensor.getName() + "'");
        }
    }

    /** How many elements a shape holds; no dimension negative, the product within a {@code long}. */
    static long elements(List<Long> shape) throws InvalidInputException {
        if (shape.isEmpty()) {
            throw new InvalidInputException("input needs a shape");
        }
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new InvalidInputException("shape dimensions must be non-negative, got " + shape);
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new InvalidInputException("shape " + shape + " holds more elements than a tensor can");
            }
        }
        return count;
    }

    private static long[] shape(List<Long> shape) {
        return shape.stream().mapToLong(Long::longValue).toArray();
    }

    private static float[] floats(ModelInferRequest.InferInputTensor tensor, ByteString raw, long count)
            throws InvalidInputException {
        if (raw != null) {
            long expected;
            try {
                expected = Math.multiplyExact(count, Float.BYTES);
            } catch (ArithmeticException e) {
                throw new InvalidInputException("shape " + tensor.getShapeList() + " holds more elements than a tensor can");
            }
            if (raw.size() != expected) {
                throw new InvalidInputException("shape " + tensor.getShapeList() + " needs " + expected
                        + " bytes of FP32 (" + count + " values), raw_input_contents has " + raw.size());
            }
            float[] values = new float[(int) count]; // fits: count * 4 == raw.size(), an int
            raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
        InferTensorContents contents = tensor.getContents();
        if (contents.getFp32ContentsCount() != count) {
            throw new InvalidInputException("shape " + tensor.getShapeList() + " needs " + count
                    + " values, fp32_contents has " + contents.getFp32ContentsCount());
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = contents.getFp32Contents(i);
        }
        return values;
    }

    /** The images of a BYTES tensor of shape {@code [N]} or {@code [N, 1]}: raw bytes each, no base64. */
    private static List<byte[]> images(ModelInferRequest.InferInputTensor tensor, ByteString raw)
            throws InvalidInputException {
        List<Long> shape = tensor.getShapeList();
        if (shape.size() > 2 || shape.get(0) < 1 || (shape.size() == 2 && shape.get(1) != 1)) {
            throw new InvalidInputException("a BYTES input holds one encoded image per row: shape [N] or [N, 1], got "
                    + shape);
        }
        long rows = shape.get(0);
        List<byte[]> images = new ArrayList<>();
        if (raw == null) {
            if (tensor.getContents().getBytesContentsCount() != rows) {
                throw new InvalidInputException("shape " + shape + " needs " + rows + " images, bytes_contents has "
                        + tensor.getContents().getBytesContentsCount());
            }
            for (ByteString image : tensor.getContents().getBytesContentsList()) {
                images.add(image.toByteArray());
            }
            return images;
        }
        // each element: a 4-byte little-endian length, then that many bytes
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (images.size() == rows) {
                throw new InvalidInputException("raw_input_contents holds more than the " + rows + " images of shape "
                        + shape);
            }
            if (buffer.remaining() < Integer.BYTES) {
                throw new InvalidInputException("raw_input_contents ends inside the length of image " + images.size());
            }
            long length = Integer.toUnsignedLong(buffer.getInt());
            if (length > buffer.remaining()) {
                throw new InvalidInputException("image " + images.size() + " declares " + length
                        + " bytes, raw_input_contents has " + buffer.remaining() + " left");
            }
            byte[] image = new byte[(int) length];
            buffer.get(image);
            images.add(image);
        }
        if (images.size() != rows) {
            throw new InvalidInputException("shape " + shape + " needs " + rows + " images, raw_input_contents has "
                    + images.size());
        }
        return images;
    }

    /** The answer: {@code probabilities} FP32 {@code [N, K]}, its values in raw_output_contents (little-endian). */
    static ModelInferResponse response(String id, TensorResult result) {
        float[][] rows = result.probabilities();
        int classes = result.classes().size();
        ByteBuffer raw = ByteBuffer.allocate(rows.length * classes * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (int i = 0; i < classes; i++) {
                raw.putFloat(row[i]);
            }
        }
        raw.flip();
        return ModelInferResponse.newBuilder()
                .setModelName(result.model())
                .setModelVersion(result.version())
                .setId(id)
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                        .setName(OUTPUT).setDatatype(FP32).addShape(rows.length).addShape(classes))
                .addRawOutputContents(ByteString.copyFrom(raw))
                .build();
    }
}
