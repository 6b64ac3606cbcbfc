package io.sightline.inference.oip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One output tensor of a response: FP32 {@code floats}, or BYTES {@code strings} (the classification extension).
 *
 * @param binary whether the transport sends its data as binary (REST: after the JSON header)
 */
public record OutputTensor(String name, Datatype datatype, long[] shape, float[] floats, List<String> strings,
                           boolean binary) {

    /** The data in the protocol's binary form: little-endian floats, or length-prefixed UTF-8 elements. */
    public byte[] rawBytes() {
        if (floats != null) {
            ByteBuffer out = ByteBuffer.allocate(floats.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            out.asFloatBuffer().put(floats);
            return out.array();
        }
        List<byte[]> elements = new ArrayList<>(strings.size());
        for (String element : strings) {
            elements.add(element.getBytes(StandardCharsets.UTF_8));
        }
        return BytesElements.encode(elements);
    }
}
