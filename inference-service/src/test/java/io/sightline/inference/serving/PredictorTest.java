package io.sightline.inference.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.TestModels;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.registry.ArtifactModelLoader;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ServedModel;
import io.sightline.storage.FileArtifactStore;
import io.sightline.vision.Classifier;
import io.sightline.vision.InvalidImageException;
import io.sightline.vision.ModelArtifact;
import io.sightline.vision.Prediction;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictorTest {

    static final List<String> CLASSES = List.of("a", "b", "c", "d");

    @TempDir
    Path root;

    FileArtifactStore store;
    SimpleMeterRegistry meters;
    ModelRegistry registry;
    Predictor predictor;
    String key;

    @BeforeEach
    void setUp() throws Exception {
        store = new FileArtifactStore(root);
        meters = new SimpleMeterRegistry();
        InferenceMetrics metrics = new InferenceMetrics(meters);
        registry = ModelRegistry.builder()
                .setLoader(new ArtifactModelLoader(store))
                .setLoads(Runnable::run)
                .setMetrics(metrics)
                .setMaxPixels(10_000)
                .optWarmups(1)
                .optClock(Clock.systemUTC())
                .build();
        predictor = new Predictor(registry, metrics);
        key = TestModels.publish(store, "letters", "7", CLASSES, 2);
        registry.promoted(TestModels.promotion("letters", "7", key));
    }

    @AfterEach
    void tearDown() {
        predictor.close();
        registry.close();
    }

    @Test
    void answersWhatTheClassifierAnswersSortedBestFirst() throws Exception {
        byte[] image = TestModels.png(40, 30);

        PredictionResult result = predictor.predict("letters", image, 3);

        assertThat(result.model()).isEqualTo("letters");
        assertThat(result.version()).isEqualTo("7");
        assertThat(result.latencyMs()).isPositive();
        try (Classifier direct = ModelArtifact.load(store.localFolder(key))) {
            float[] expected = direct.probabilities(List.of(direct.preprocessor().preprocess(image)))[0];
            List<Prediction> top = direct.topK(expected, 3);
            assertThat(result.predictions()).extracting(Prediction::label)
                    .containsExactlyElementsOf(top.stream().map(Prediction::label).toList());
            for (int i = 0; i < top.size(); i++) {
                assertThat(result.predictions().get(i).probability()).isCloseTo(top.get(i).probability(), within(1e-6));
            }
        }
        assertThat(result.predictions().get(0).label()).isEqualTo("c");
        assertThat(result.predictions()).extracting(Prediction::probability)
                .isSortedAccordingTo((x, y) -> Double.compare(y, x));
        assertThat(result.predictions().stream().mapToDouble(Prediction::probability).sum())
                .isLessThanOrEqualTo(1.0 + 1e-6);
        assertThat(meters.get(InferenceMetrics.REQUEST_DURATION).tag("model", "letters").timer().count()).isEqualTo(1);
    }

    @Test
    void aTopKAboveTheClassCountReturnsEveryClass() throws Exception {
        PredictionResult result = predictor.predict("letters", TestModels.png(16, 16), 50);

        assertThat(result.predictions()).extracting(Prediction::label).containsExactlyInAnyOrderElementsOf(CLASSES);
        assertThat(result.predictions().stream().mapToDouble(Prediction::probability).sum())
                .isCloseTo(1.0, within(1e-4));
    }

    @Test
    void refusesWhatIsNotAnImageOrTooLargeOrATopKBelowOne() throws Exception {
        assertThatThrownBy(() -> predictor.predict("letters", "hello".getBytes(), 1))
                .isInstanceOf(InvalidImageException.class);
        assertThatThrownBy(() -> predictor.predict("letters", new byte[0], 1))
                .isInstanceOf(InvalidImageException.class);
        assertThatThrownBy(() -> predictor.predict("letters", TestModels.png(101, 100), 1))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("10000 pixels");
        assertThatThrownBy(() -> predictor.predict("letters", TestModels.png(16, 16), 0))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> predictor.predict("nope", TestModels.png(16, 16), 1))
                .isInstanceOf(UnknownModelException.class);
        // what failed held no lease: the version is still serving and can be replaced and closed
        ServedModel served = registry.serving("letters").orElseThrow();
        registry.promoted(TestModels.promotion("letters", "8", TestModels.publish(store, "letters", "8", CLASSES, 0)));
        assertThat(served.isClosed()).isTrue();
    }

    @Test
    void infersOnATensorOfTheModelsShape() throws Exception {
        int size = 3 * TestModels.SIZE * TestModels.SIZE;
        float[] values = new float[2 * size];
        values[size + 5] = 1f;

        TensorResult result = predictor.infer("letters", new long[] {2, 3, TestModels.SIZE, TestModels.SIZE}, values);

        assertThat(result.classes()).isEqualTo(CLASSES);
        assertThat(result.probabilities()).hasDimensions(2, CLASSES.size());
        try (Classifier direct = ModelArtifact.load(store.localFolder(key))) {
            float[][] expected = direct.probabilities(List.of(new float[size], Arrays.copyOfRange(values, size, 2 * size)));
            assertThat(result.probabilities()[0]).containsExactly(expected[0], within(1e-6f));
            assertThat(result.probabilities()[1]).containsExactly(expected[1], within(1e-6f));
        }
        assertThatThrownBy(() -> predictor.infer("letters", new long[] {1, 1, TestModels.SIZE, TestModels.SIZE},
                new float[TestModels.SIZE * TestModels.SIZE]))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("[N, 3, 16, 16]");
        assertThatThrownBy(() -> predictor.infer("letters", new long[] {2, 3, TestModels.SIZE, TestModels.SIZE},
                new float[size]))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs " + 2 * size);
    }
}
