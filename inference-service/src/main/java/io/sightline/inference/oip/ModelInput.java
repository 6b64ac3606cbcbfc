package io.sightline.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.inference.InvalidInputException;
import io.sightline.vision.ImageSignature;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * What a request's one input comes to for a model: encoded images (input {@value #IMAGE}, BYTES) or rows
 * already preprocessed by its signature (input {@value #INPUT}, any numeric datatype, {@code [N, C, H, W]}).
 * The shape is checked against the signature and against the data actually sent before anything is allocated
 * for it, so the memory a request costs is bounded by its own size.
 *
 * @param images encoded images, or {@code null}
 * @param rows   one array of {@code C × H × W} floats per row, or {@code null}
 */
public record ModelInput(List<byte[]> images, List<float[]> rows) {

    public static final String INPUT = "input";
    public static final String IMAGE = "image";

    /** Reads the one input of a request (the two inputs are alternatives) for a model of this signature. */
    public static ModelInput read(List<InputTensor> inputs, ImageSignature signature) throws InvalidInputException {
        if (inputs == null || inputs.size() != 1 || inputs.get(0) == null) {
            throw new InvalidInputException("expected exactly one input tensor, '" + INPUT + "' or '" + IMAGE
                    + "' (they are alternatives), got " + (inputs == null ? 0 : inputs.size()));
        }
        InputTensor tensor = inputs.get(0);
        if (tensor.isRawBody()) {
            return rawBody(tensor.raw(), signature);
        }
        Datatype type = Datatype.parse(tensor.datatype());
        if (INPUT.equals(tensor.name())) {
            if (!type.numeric()) {
                throw new InvalidInputException("input '" + INPUT + "' takes a numeric tensor (" + numericNote(signature)
                        + "); encoded images go in input '" + IMAGE + "' (BYTES)");
            }
            return new ModelInput(null, rows(tensor, type, signature));
        }
        if (IMAGE.equals(tensor.name())) {
            if (type != Datatype.BYTES) {
                throw new InvalidInputException("input '" + IMAGE + "' takes BYTES (encoded images), got " + type
                        + "; a preprocessed tensor goes in input '" + INPUT + "'");
            }
            return new ModelInput(ImageElements.read(tensor), null);
        }
        throw new InvalidInputException("unknown input '" + tensor.name() + "': the model takes '" + INPUT + "' ("
                + numericNote(signature) + ") or '" + IMAGE + "' (BYTES [N], encoded images)");
    }

    private static String numericNote(ImageSignature signature) {
        return "FP32 or another numeric type, [N, " + signature.channels() + ", " + signature.height() + ", "
                + signature.width() + "]";
    }

    /**
     * A whole body as one input, binary: a body of exactly one FP32 row is that row ({@code [1, C, H, W]});
     * anything else is one encoded image.
     */
    private static ModelInput rawBody(ByteBuffer body, ImageSignature signature) throws InvalidInputException {
        long rowBytes = (long) signature.inputSize() * Float.BYTES;
        if (body.remaining() == rowBytes) {
            InputTensor row = new InputTensor(INPUT, "FP32",
                    new long[] {1, signature.channels(), signature.height(), signature.width()}, null, body);
            return new ModelInput(null, rows(row, Datatype.FP32, signature));
        }
        if (!body.hasRemaining()) {
            throw new InvalidInputException("a raw binary request needs a body");
        }
        byte[] image = new byte[body.remaining()];
        body.duplicate().get(image);
        return new ModelInput(List.of(image), null);
    }

    private static List<float[]> rows(InputTensor tensor, Datatype type, ImageSignature signature)
            throws InvalidInputException {
        long[] shape = TensorShape.checked(tensor.shape());
        long[] expected = {signature.channels(), signature.height(), signature.width()};
        if (shape.length != 4 || shape[0] < 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, 4), expected)) {
            throw new InvalidInputException("input '" + INPUT + "' takes a tensor of shape [N, " + expected[0] + ", "
                    + expected[1] + ", " + expected[2] + "] (FP32 or another numeric type), got "
                    + Arrays.toString(shape));
        }
        long count = TensorShape.elements(shape);
        int rowSize = signature.inputSize();
        if (tensor.raw() != null) {
            long bytes = TensorShape.times(count, type.size());
            if (tensor.raw().remaining() != bytes) {
                throw new InvalidInputException("shape " + Arrays.toString(shape) + " of " + type + " needs " + bytes
                        + " bytes of binary data, got " + tensor.raw().remaining());
            }
            return fromRaw(tensor.raw(), type, (int) shape[0], rowSize);
        }
        JsonNode contents = tensor.contents();
        if (contents == null || !contents.isArray()) {
            throw new InvalidInputException("input '" + INPUT + "' needs data: a JSON array of numbers or binary data");
        }
        long sent = JsonLeaves.count(contents);
        if (sent != count) {
            throw new InvalidInputException("the shape " + Arrays.toString(shape) + " needs " + count + " values, got "
                    + sent);
        }
        return fromJson(contents, (int) shape[0], rowSize);
    }

    private static List<float[]> fromRaw(ByteBuffer raw, Datatype type, int n, int rowSize) {
        List<float[]> rows = new ArrayList<>(n);
        int at = 0;
        for (int r = 0; r < n; r++) {
            float[] row = new float[rowSize];
            for (int i = 0; i < rowSize; i++) {
                row[i] = type.floatAt(raw, at++);
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<float[]> fromJson(JsonNode contents, int n, int rowSize) throws InvalidInputException {
        List<float[]> rows = new ArrayList<>(n);
        float[][] cursor = {null};
        int[] filled = {rowSize};
        JsonLeaves.forEach(contents, leaf -> {
            if (!leaf.isNumber()) {
                throw new InvalidInputException("input data must hold numbers only, got " + leaf.getNodeType());
            }
            if (filled[0] == rowSize) {
                cursor[0] = new float[rowSize];
                rows.add(cursor[0]);
                filled[0] = 0;
            }
            cursor[0][filled[0]++] = leaf.floatValue();
        });
        return rows;
    }

    /** The images of a BYTES input: binary elements as they are; JSON strings base64-decoded (a convention). */
    static final class ImageElements {

        private ImageElements() {
        }

        static List<byte[]> read(InputTensor tensor) throws InvalidInputException {
            long[] shape = TensorShape.checked(tensor.shape());
            if (shape.length < 1 || shape.length > 2 || shape[0] < 1 || (shape.length == 2 && shape[1] != 1)) {
                throw new InvalidInputException("a BYTES input holds one encoded image per row: shape [N] or [N, 1], got "
                        + Arrays.toString(shape));
            }
            if (tensor.raw() != null) {
                return BytesElements.decode(tensor.raw(), shape[0]);
            }
            JsonNode contents = tensor.contents();
            if (contents == null || !contents.isArray()) {
                throw new InvalidInputException("BYTES input data must be a JSON array of base64 strings");
            }
            long sent = JsonLeaves.count(contents);
            if (sent != shape[0]) {
                throw new InvalidInputException("the shape " + Arrays.toString(shape) + " needs " + shape[0]
                        + " images, got " + sent);
            }
            List<byte[]> images = new ArrayList<>((int) sent);
            JsonLeaves.forEach(contents, leaf -> {
                if (!leaf.isTextual()) {
                    throw new InvalidInputException("BYTES input data must hold base64 strings, got " + leaf.getNodeType());
                }
                images.add(base64(leaf.textValue()));
            });
            return images;
        }

        private static byte[] base64(String text) throws InvalidInputException {
            String compact = text.replaceAll("\\s", ""); // line breaks of MIME-style base64
            try {
                return compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0
                        ? Base64.getUrlDecoder().decode(compact)
                        : Base64.getDecoder().decode(compact);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("BYTES input data is not base64: " + e.getMessage());
            }
        }
    }
}
