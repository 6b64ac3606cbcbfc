package io.sightline.inference.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.inference.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class DatatypeTest {

    static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void halfPrecisionConvertsNormalSubnormalAndSpecialValues() {
        assertThat(Datatype.halfToFloat((short) 0x3c00)).isEqualTo(1.0f);
        assertThat(Datatype.halfToFloat((short) 0xc000)).isEqualTo(-2.0f);
        assertThat(Datatype.halfToFloat((short) 0x3555)).isEqualTo(0.33325195f);
        assertThat(Datatype.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(Datatype.halfToFloat((short) 0x0001)).isEqualTo(5.9604645e-8f);
        assertThat(Datatype.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
        assertThat(Datatype.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Datatype.halfToFloat((short) 0x7e00)).isNaN();
    }

    @Test
    void everyNumericTypeReadsLittleEndian() {
        assertThat(Datatype.FP64.floatAt(le(8).putDouble(0, 0.5).position(0), 0)).isEqualTo(0.5f);
        assertThat(Datatype.UINT8.floatAt(le(2).put(1, (byte) 0xff), 1)).isEqualTo(255f);
        assertThat(Datatype.INT8.floatAt(le(1).put(0, (byte) 0xff), 0)).isEqualTo(-1f);
        assertThat(Datatype.UINT16.floatAt(le(2).putShort(0, (short) 0xffff), 0)).isEqualTo(65535f);
        assertThat(Datatype.INT16.floatAt(le(2).putShort(0, (short) -300), 0)).isEqualTo(-300f);
        assertThat(Datatype.UINT32.floatAt(le(4).putInt(0, -1), 0)).isEqualTo(4294967295f);
        assertThat(Datatype.INT32.floatAt(le(4).putInt(0, -7), 0)).isEqualTo(-7f);
        assertThat(Datatype.INT64.floatAt(le(8).putLong(0, 1L << 40), 0)).isEqualTo((float) (1L << 40));
        assertThat(Datatype.UINT64.floatAt(le(8).putLong(0, -1L), 0)).isEqualTo(1.8446744e19f);
        ByteBuffer bytes = le(8).putFloat(0, 1.5f).putFloat(4, -2.25f);
        assertThat(Datatype.FP32.floatAt(bytes, 1)).isEqualTo(-2.25f);
    }

    @Test
    void anUnknownDatatypeIsRefusedNamingTheAcceptedOnes() throws Exception {
        assertThat(Datatype.parse("UINT8")).isEqualTo(Datatype.UINT8);
        assertThatThrownBy(() -> Datatype.parse("BOOL")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("BOOL").hasMessageContaining("FP16, FP32, FP64");
        assertThatThrownBy(() -> Datatype.parse(null)).isInstanceOf(InvalidInputException.class);
    }
}
