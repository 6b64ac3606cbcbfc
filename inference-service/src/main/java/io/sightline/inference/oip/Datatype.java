package io.sightline.inference.oip;

import io.sightline.inference.InvalidInputException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The protocol's tensor datatypes this service reads, with their element size in the raw (little-endian) form.
 * Every numeric type is converted to the FP32 the model runs on; BYTES holds variable-length elements.
 */
public enum Datatype {
    FP16(2), FP32(4), FP64(8),
    UINT8(1), UINT16(2), UINT32(4), UINT64(8),
    INT8(1), INT16(2), INT32(4), INT64(8),
    BYTES(0);

    private final int size;

    Datatype(int size) {
        this.size = size;
    }

    /** Bytes per element in raw form; 0 for BYTES, whose elements carry their own length. */
    public int size() {
        return size;
    }

    public boolean numeric() {
        return this != BYTES;
    }

    /** The datatype a request names, or a refusal that lists the accepted ones. */
    public static Datatype parse(String name) throws InvalidInputException {
        if (name != null) {
            for (Datatype type : values()) {
                if (type.name().equals(name)) {
                    return type;
                }
            }
        }
        throw new InvalidInputException("datatype " + name + " is not accepted; accepted: " + accepted());
    }

    static String accepted() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** Element {@code index} of a little-endian buffer of this (numeric) type, as a float. */
    float floatAt(ByteBuffer raw, int index) {
        int at = raw.position() + index * size;
        return switch (this) {
            case FP16 -> halfToFloat(raw.getShort(at));
            case FP32 -> raw.getFloat(at);
            case FP64 -> (float) raw.getDouble(at);
            case UINT8 -> raw.get(at) & 0xff;
            case UINT16 -> raw.getShort(at) & 0xffff;
            case UINT32 -> raw.getInt(at) & 0xffffffffL;
            case UINT64 -> unsignedLongToFloat(raw.getLong(at));
            case INT8 -> raw.get(at);
            case INT16 -> raw.getShort(at);
            case INT32 -> raw.getInt(at);
            case INT64 -> raw.getLong(at);
            case BYTES -> throw new IllegalStateException("BYTES has no numeric value");
        };
    }

    private static float unsignedLongToFloat(long value) {
        return value >= 0 ? value : (float) ((value >>> 1) * 2.0 + (value & 1));
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f; // subnormal: mantissa × 2^-24
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
