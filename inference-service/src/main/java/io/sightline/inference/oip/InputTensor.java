package io.sightline.inference.oip;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One input tensor of a request as a transport delivers it, unchecked: every field may be missing or hostile.
 * Its data is either JSON {@code contents} (a flat or nested array: numbers, or strings for BYTES) or
 * {@code raw} bytes in the protocol's binary form (little-endian elements; BYTES elements each preceded by a
 * 4-byte little-endian length).
 *
 * @param name     the input's name ({@code null} only for {@link #rawBody})
 * @param datatype the protocol's datatype name, e.g. {@code FP32}
 * @param shape    the declared shape
 * @param contents JSON data, or {@code null}
 * @param raw      binary data, or {@code null}; read from its position to its limit
 */
public record InputTensor(String name, String datatype, long[] shape, JsonNode contents, ByteBuffer raw) {

    public InputTensor {
        raw = raw == null ? null : raw.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A request body that is one input's binary data and nothing else (binary extension, header length 0):
     * which input it is and its shape follow from its size, as for Triton's raw binary requests.
     */
    public static InputTensor rawBody(ByteBuffer body) {
        return new InputTensor(null, null, null, null, body);
    }

    boolean isRawBody() {
        return name == null && datatype == null && shape == null && raw != null;
    }
}
