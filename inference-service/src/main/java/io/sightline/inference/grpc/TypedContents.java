package io.sightline.inference.grpc;

import com.google.protobuf.ByteString;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.grpc.protocol.InferTensorContents;
import io.sightline.inference.oip.BytesElements;
import io.sightline.inference.oip.Datatype;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tensor's typed {@code contents} in the protocol's binary form, so that the core reads typed and raw requests
 * alike (and checks the declared shape against it before allocating anything for the shape). Each datatype has
 * its one field, as the specification maps them (INT8–INT32 in {@code int_contents}, UINT8–UINT32 in
 * {@code uint_contents}, ...); FP16 has none and travels raw only. The buffer is as large as the values received,
 * never as the declared shape: no larger than the arrays protobuf already parsed the values into.
 */
final class TypedContents {

    private static final Map<Datatype, String> FIELD = Map.ofEntries(
            Map.entry(Datatype.INT8, "int_contents"), Map.entry(Datatype.INT16, "int_contents"),
            Map.entry(Datatype.INT32, "int_contents"), Map.entry(Datatype.INT64, "int64_contents"),
            Map.entry(Datatype.UINT8, "uint_contents"), Map.entry(Datatype.UINT16, "uint_contents"),
            Map.entry(Datatype.UINT32, "uint_contents"), Map.entry(Datatype.UINT64, "uint64_contents"),
            Map.entry(Datatype.FP32, "fp32_contents"), Map.entry(Datatype.FP64, "fp64_contents"),
            Map.entry(Datatype.BYTES, "bytes_contents"));

    private TypedContents() {
    }

    /** The contents of input {@code name}, declared {@code type}, as raw little-endian data. */
    static ByteBuffer raw(String name, Datatype type, InferTensorContents contents) throws InvalidInputException {
        String field = FIELD.get(type);
        if (field == null) {
            throw new InvalidInputException("input '" + name + "' is " + type
                    + ", which has no typed contents in the protocol: send it in raw_input_contents");
        }
        for (Map.Entry<String, Integer> sent : counts(contents).entrySet()) {
            if (sent.getValue() > 0 && !sent.getKey().equals(field)) {
                throw new InvalidInputException("input '" + name + "' is " + type + ": its values go in " + field
                        + ", got " + sent.getKey());
            }
        }
        if (type == Datatype.BYTES) {
            List<byte[]> elements = new ArrayList<>(contents.getBytesContentsCount());
            for (ByteString element : contents.getBytesContentsList()) {
                elements.add(element.toByteArray());
            }
            return ByteBuffer.wrap(BytesElements.encode(elements));
        }
        int count = counts(contents).get(field);
        long bytes = (long) count * type.size();
        if (bytes > Integer.MAX_VALUE) {
            throw new InvalidInputException("input '" + name + "' holds " + count + " values, more than a tensor can");
        }
        ByteBuffer raw = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            put(raw, type, contents, i, name);
        }
        return raw.flip();
    }

    private static Map<String, Integer> counts(InferTensorContents contents) {
        return Map.of("bool_contents", contents.getBoolContentsCount(),
                "int_contents", contents.getIntContentsCount(),
                "int64_contents", contents.getInt64ContentsCount(),
                "uint_contents", contents.getUintContentsCount(),
                "uint64_contents", contents.getUint64ContentsCount(),
                "fp32_contents", contents.getFp32ContentsCount(),
                "fp64_contents", contents.getFp64ContentsCount(),
                "bytes_contents", contents.getBytesContentsCount());
    }

    private static void put(ByteBuffer raw, Datatype type, InferTensorContents contents, int i, String name)
            throws InvalidInputException {
        switch (type) {
            case FP32 -> raw.putFloat(contents.getFp32Contents(i));
            case FP64 -> raw.putDouble(contents.getFp64Contents(i));
            case INT64 -> raw.putLong(contents.getInt64Contents(i));
            case UINT64 -> raw.putLong(contents.getUint64Contents(i));
            case INT32 -> raw.putInt(contents.getIntContents(i));
            case UINT32 -> raw.putInt(contents.getUintContents(i));
            case INT16 -> raw.putShort((short) within(contents.getIntContents(i), Short.MIN_VALUE, Short.MAX_VALUE,
                    type, name));
            case INT8 -> raw.put((byte) within(contents.getIntContents(i), Byte.MIN_VALUE, Byte.MAX_VALUE, type, name));
            case UINT16 -> raw.putShort((short) within(Integer.toUnsignedLong(contents.getUintContents(i)), 0, 0xffff,
                    type, name));
            case UINT8 -> raw.put((byte) within(Integer.toUnsignedLong(contents.getUintContents(i)), 0, 0xff,
                    type, name));
            default -> throw new IllegalStateException(type + " has no typed numeric contents");
        }
    }

    /** A value of a wider field that must fit the declared type: truncating it would answer for other data. */
    private static long within(long value, long min, long max, Datatype type, String name)
            throws InvalidInputException {
        if (value < min || value > max) {
            throw new InvalidInputException("input '" + name + "' is " + type + ": the value " + value
                    + " is outside " + min + ".." + max);
        }
        return value;
    }
}
