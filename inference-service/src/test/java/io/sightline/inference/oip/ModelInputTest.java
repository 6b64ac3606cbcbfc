package io.sightline.inference.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.inference.InvalidInputException;
import io.sightline.vision.ImageSignature;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelInputTest {

    static final ImageSignature SIGNATURE = ImageSignature.rgb(2, List.of("a", "b"));
    final ObjectMapper json = new ObjectMapper();

    static InputTensor raw(String name, String type, long[] shape, byte[] bytes) {
        return new InputTensor(name, type, shape, null, ByteBuffer.wrap(bytes));
    }

    @Test
    void numericRowsComeFromJsonOrBinaryInTheirOrder() throws Exception {
        InputTensor fromJson = new InputTensor("input", "INT32", new long[] {2, 3, 2, 2}, json.readTree(
                "[[1,2,3,4,5,6,7,8,9,10,11,12],[13,14,15,16,17,18,19,20,21,22,23,24]]"), null);
        List<float[]> rows = ModelInput.read(List.of(fromJson), SIGNATURE).rows();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)[0]).isEqualTo(13f);
        assertThat(rows.get(1)[11]).isEqualTo(24f);

        ByteBuffer fp64 = ByteBuffer.allocate(12 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 12; i++) {
            fp64.putDouble(i / 4.0);
        }
        List<float[]> one = ModelInput.read(List.of(raw("input", "FP64", new long[] {1, 3, 2, 2}, fp64.array())),
                SIGNATURE).rows();
        assertThat(one.get(0)[5]).isEqualTo(1.25f);
    }

    @Test
    void shapesAreCheckedAgainstTheModelAndTheDataBeforeAllocating() {
        assertThatThrownBy(() -> ModelInput.read(List.of(raw("input", "FP32", new long[] {1_000_000_000, 3, 2, 2},
                new byte[48])), SIGNATURE)).isInstanceOf(InvalidInputException.class).hasMessageContaining("48");
        assertThatThrownBy(() -> ModelInput.read(List.of(raw("input", "FP32",
                new long[] {Long.MAX_VALUE / 2, 3, 2, 2}, new byte[48])), SIGNATURE))
                .hasMessageContaining("overflows");
        assertThatThrownBy(() -> ModelInput.read(List.of(raw("input", "FP32", new long[] {1, 3, 4, 4},
                new byte[192])), SIGNATURE)).hasMessageContaining("[N, 3, 2, 2]");
        assertThatThrownBy(() -> ModelInput.read(List.of(raw("input", "FP32", new long[] {-1, 3, 2, 2},
                new byte[48])), SIGNATURE)).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> ModelInput.read(List.of(new InputTensor("input", "FP32", new long[] {1, 3, 2, 2},
                json.readTree("[1, \"x\", 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]"), null)), SIGNATURE))
                .hasMessageContaining("numbers only");
        assertThatThrownBy(() -> ModelInput.read(List.of(), SIGNATURE)).hasMessageContaining("exactly one");
    }

    @Test
    void aRawBodyIsOneFp32RowBySizeOrElseOneImage() throws Exception {
        ModelInput row = ModelInput.read(List.of(InputTensor.rawBody(ByteBuffer.wrap(new byte[48]))), SIGNATURE);
        assertThat(row.rows()).hasSize(1);
        ModelInput image = ModelInput.read(List.of(InputTensor.rawBody(ByteBuffer.wrap(new byte[47]))), SIGNATURE);
        assertThat(image.images()).hasSize(1);
        assertThat(image.images().get(0)).hasSize(47);
    }

    @Test
    void bytesElementsAreLengthPrefixedAndALyingLengthIsRefused() throws Exception {
        byte[] two = BytesElements.encode(List.of(new byte[] {1, 2, 3}, new byte[0]));
        assertThat(two).hasSize(11);
        assertThat(BytesElements.decode(ByteBuffer.wrap(two), 2)).satisfiesExactly(
                first -> assertThat(first).containsExactly(1, 2, 3), second -> assertThat(second).isEmpty());
        assertThatThrownBy(() -> BytesElements.decode(ByteBuffer.wrap(two), 3)).hasMessageContaining("cannot hold");
        assertThatThrownBy(() -> BytesElements.decode(ByteBuffer.wrap(two), 1)).hasMessageContaining("follow");
        byte[] lying = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-1).array();
        assertThatThrownBy(() -> BytesElements.decode(ByteBuffer.wrap(lying), 1)).hasMessageContaining("4294967295");
        // JSON BYTES: base64 strings by convention
        InputTensor base64 = new InputTensor("image", "BYTES", new long[] {1, 1}, json.readTree("[[\"AQID\"]]"), null);
        assertThat(ModelInput.read(List.of(base64), SIGNATURE).images().get(0)).containsExactly(1, 2, 3);
    }

    @Test
    void classificationAnswersValueIndexLabelBestFirst() throws Exception {
        List<OutputTensor> outputs = ModelOutputs.build(new float[][] {{0.1f, 0.7f, 0.2f}}, List.of("x", "y", "z"),
                List.of(new RequestedOutput("probabilities", 5, null)), false);
        assertThat(outputs.get(0).strings()).containsExactly("0.700000:1:y", "0.200000:2:z", "0.100000:0:x");
        assertThat(outputs.get(0).shape()).containsExactly(1, 3);
        assertThatThrownBy(() -> ModelOutputs.check(List.of(new RequestedOutput("logits", 0, null))))
                .hasMessageContaining("unknown output 'logits'");
        assertThatThrownBy(() -> ModelOutputs.check(List.of(new RequestedOutput("probabilities", -1, null))))
                .isInstanceOf(InvalidInputException.class);
    }
}
