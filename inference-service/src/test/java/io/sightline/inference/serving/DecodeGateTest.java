package io.sightline.inference.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.kit.testing.DeepPng;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.TestModels;
import io.sightline.kit.image.DecodeBudget;
import io.sightline.vision.InvalidImageException;
import org.junit.jupiter.api.Test;

/** Decoded bytes told from the header, and the allowance all decodes in flight share. */
class DecodeGateTest {

    @Test
    void aRequestImageIsRefusedFromItsHeaderBeforeAnyPixel() throws Exception {
        Predictor predictor = new Predictor(null, null, null, new DecodeBudget(256L << 20));

        assertThat(predictor.decodedBytes(TestModels.png(20, 10))).isBetween(20L * 10 * 3, 20L * 10 * 4);
        assertThatThrownBy(() -> predictor.decodedBytes(DeepPng.bytes())).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("10000x10000 pixels of 8 bytes").hasMessageContaining("763 MiB");
        assertThat(predictor.decodedBytes("not an image".getBytes())).isZero(); // the decoder words that failure
    }

    @Test
    void decodesInFlightShareOneAllowance() throws Exception {
        DecodeGate gate = new DecodeGate(10 << 20);
        int big = gate.enter("m", 9L << 20);

        long start = System.nanoTime();
        assertThatThrownBy(() -> gate.enter("m", 2L << 20)).isInstanceOf(ServerBusyException.class)
                .hasMessageContaining("decoded at once");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(DecodeGate.WAIT_MILLIS * 900_000);
        gate.leave(gate.enter("m", 1L << 20)); // a small one still fits beside it

        gate.leave(big);
        gate.leave(gate.enter("m", 10L << 20));
        gate.leave(gate.enter("m", 1L << 40)); // more than the whole allowance: waits for all of it, not forever
    }
}
