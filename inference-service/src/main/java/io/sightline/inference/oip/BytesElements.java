package io.sightline.inference.oip;

import io.sightline.inference.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** BYTES tensors in binary form: each element a 4-byte little-endian length, then that many bytes. */
public final class BytesElements {

    private BytesElements() {
    }

    /** Exactly {@code count} elements filling {@code raw}; a length beyond what is left is refused before copying. */
    public static List<byte[]> decode(ByteBuffer raw, long count) throws InvalidInputException {
        ByteBuffer in = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        // each element takes at least its 4-byte length: a count the data cannot hold is refused up front
        if (count > in.remaining() / Integer.BYTES) {
            throw new InvalidInputException("the shape needs " + count + " BYTES elements, but " + in.remaining()
                    + " bytes of binary data cannot hold them");
        }
        List<byte[]> elements = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            if (in.remaining() < Integer.BYTES) {
                throw new InvalidInputException("BYTES element " + i + " has no length: the binary data ends");
            }
            long length = in.getInt() & 0xffffffffL;
            if (length > in.remaining()) {
                throw new InvalidInputException("BYTES element " + i + " declares " + length + " bytes, only "
                        + in.remaining() + " follow");
            }
            byte[] element = new byte[(int) length];
            in.get(element);
            elements.add(element);
        }
        if (in.hasRemaining()) {
            throw new InvalidInputException(in.remaining() + " bytes of binary data follow the " + count
                    + " BYTES elements the shape declares");
        }
        return elements;
    }

    /** The binary form of these elements. */
    public static byte[] encode(List<byte[]> elements) {
        int total = 0;
        for (byte[] element : elements) {
            total += Integer.BYTES + element.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        for (byte[] element : elements) {
            out.putInt(element.length).put(element);
        }
        return out.array();
    }
}
