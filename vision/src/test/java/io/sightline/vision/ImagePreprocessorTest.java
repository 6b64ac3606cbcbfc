package io.sightline.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.awt.Color;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePreprocessorTest {

    private static final ImageSignature RGB8 = ImageSignature.rgb(8, List.of("a", "b"));

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif", "pnm"})
    void readsEveryFormatADatasetShipsIn(String format) throws Exception {
        byte[] encoded = TestImages.encode(TestImages.solid(20, 10, Color.RED), format);

        float[] chw = new ImagePreprocessor(RGB8).preprocess(encoded);

        assertThat(chw).hasSize(3 * 8 * 8);
        // red channel first: (1 - 0.5) / 0.5 = 1, green and blue (0 - 0.5) / 0.5 = -1 (JPEG: close to)
        assertThat(chw[0]).isCloseTo(1f, offset(0.05f));
        assertThat(chw[64]).isCloseTo(-1f, offset(0.05f));
        assertThat(chw[128]).isCloseTo(-1f, offset(0.05f));
    }

    @Test
    void grayscaleSignaturesGetOneLumaPlane() throws Exception {
        ImageSignature gray = new ImageSignature(4, 4, 1, List.of(0f), List.of(1f), List.of("a", "b"));

        float[] chw = new ImagePreprocessor(gray).preprocess(TestImages.png(TestImages.solid(4, 4, Color.WHITE)));

        assertThat(chw).hasSize(16).containsOnly(1f);
    }

    @Test
    void refusesWhatIsNotAnImageWithAReason() {
        ImagePreprocessor preprocessor = new ImagePreprocessor(RGB8);

        assertThatThrownBy(() -> preprocessor.preprocess(new byte[0])).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> preprocessor.preprocess("hello".getBytes())).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("not a supported image format");
    }

    @Test
    void refusesHugeImagesBeforeDecodingThem() throws Exception {
        byte[] encoded = TestImages.png(TestImages.solid(30, 30, Color.BLUE));

        assertThatThrownBy(() -> new ImagePreprocessor(RGB8, 800).preprocess(encoded))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("exceeds the limit");
    }

    @Test
    void aTruncatedImageIsInvalidNotACrash() throws Exception {
        byte[] encoded = TestImages.png(TestImages.disc(64));
        byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length / 2);

        assertThatThrownBy(() -> new ImagePreprocessor(RGB8).preprocess(truncated))
                .isInstanceOf(InvalidImageException.class);
    }
}
