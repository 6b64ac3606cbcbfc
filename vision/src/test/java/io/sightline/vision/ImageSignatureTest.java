package io.sightline.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSignatureTest {

    private static final List<String> CLASSES = List.of("00000", "00014", "00017");
    private static final List<String> NAMES = List.of("Speed limit (20km/h)", "Stop", "No entry");

    @TempDir
    Path dir;

    @Test
    void aSignatureWithNamesRoundTripsThroughItsJson() throws Exception {
        ImageSignature signature = ImageSignature.rgb(16, CLASSES).withNames(NAMES);

        ImageSignature read = StoreJson.read(StoreJson.write(signature), ImageSignature.class);

        assertThat(read).isEqualTo(signature);
        assertThat(read.names()).containsExactlyElementsOf(NAMES);
        assertThat(read.name(1)).isEqualTo("Stop");
    }

    @Test
    void aSignatureWithoutNamesWritesNoNamesField() throws Exception {
        String json = new String(StoreJson.write(ImageSignature.rgb(16, CLASSES)), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("names");
    }

    @Test
    void aSignatureJsonWrittenBeforeNamesExistedStillLoads() throws Exception {
        Files.writeString(dir.resolve(StoreKeys.SIGNATURE), "{\"width\":16,\"height\":16,\"channels\":3,"
                + "\"mean\":[0.5,0.5,0.5],\"std\":[0.5,0.5,0.5],\"classes\":[\"cat\",\"dog\"]}");

        ImageSignature signature = ModelArtifact.readSignature(dir);

        assertThat(signature).isEqualTo(ImageSignature.rgb(16, List.of("cat", "dog")));
        assertThat(signature.names()).isNull();
        assertThat(signature.name(1)).isEqualTo("dog");
    }

    @Test
    void namesThatDoNotMatchTheClassesAreRefused() {
        assertThatThrownBy(() -> ImageSignature.rgb(16, CLASSES).withNames(List.of("Stop", "No entry")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 classes");
    }

    @Test
    void predictionsCarryTheDisplayNameOrElseTheLabel() {
        float[] probabilities = {0.1f, 0.7f, 0.2f};
        try (Model named = Model.newInstance("named"); Model plain = Model.newInstance("plain")) {
            ArchitectureSpec spec = ArchitectureSpec.cnn(16, 3, 3);
            Classifier withNames = new Classifier(named, spec, ImageSignature.rgb(16, CLASSES).withNames(NAMES));
            Classifier withoutNames = new Classifier(plain, spec, ImageSignature.rgb(16, CLASSES));

            assertThat(withNames.topK(probabilities, 2)).containsExactly(
                    new Prediction("00014", "Stop", 0.7f), new Prediction("00017", "No entry", 0.2f));
            assertThat(withoutNames.topK(probabilities, 1)).containsExactly(new Prediction("00014", "00014", 0.7f));
        }
    }
}
