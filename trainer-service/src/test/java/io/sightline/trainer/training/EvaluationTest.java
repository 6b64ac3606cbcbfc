package io.sightline.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    @Test
    void countsTheConfusionMatrixAndDerivesPerClassMetrics() {
        // a: 3 images, 2 right, 1 taken for b; b: 2 images, both right; c: 1 image taken for a; nothing predicted c
        int[] actual = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 1, 1, 1, 0};

        Evaluation evaluation = Evaluation.of("test", List.of("a", "b", "c"), actual, predicted, 0.5);

        assertThat(evaluation.count()).isEqualTo(6);
        assertThat(evaluation.accuracy()).isCloseTo(4.0 / 6, offset(1e-12));
        assertThat(evaluation.confusionMatrix()).isDeepEqualTo(new int[][] {{2, 1, 0}, {0, 2, 0}, {1, 0, 0}});
        ClassMetrics a = evaluation.classes().get(0);
        assertThat(a.support()).isEqualTo(3);
        assertThat(a.predicted()).isEqualTo(3);
        assertThat(a.precision()).isCloseTo(2.0 / 3, offset(1e-12));
        assertThat(a.recall()).isCloseTo(2.0 / 3, offset(1e-12));
        ClassMetrics b = evaluation.classes().get(1);
        assertThat(b.precision()).isCloseTo(2.0 / 3, offset(1e-12));
        assertThat(b.recall()).isEqualTo(1.0);
        assertThat(b.f1()).isCloseTo(0.8, offset(1e-12));
        ClassMetrics c = evaluation.classes().get(2);
        assertThat(c.predicted()).isZero();
        assertThat(c.precision()).isZero();
        assertThat(c.f1()).isZero();
        assertThat(evaluation.loss()).isEqualTo(0.5);
    }

    @Test
    void namesAreAddedToTheClassesWithoutChangingTheScores() {
        Evaluation plain = Evaluation.of("test", List.of("00014", "00017"), new int[] {0, 1, 1}, new int[] {0, 1, 0}, 0.3);

        Evaluation named = plain.withNames(List.of("Stop", "No entry"));

        assertThat(named.classes()).extracting(ClassMetrics::title).containsExactly("00014 (Stop)", "00017 (No entry)");
        assertThat(named.classes()).extracting(ClassMetrics::recall)
                .containsExactlyElementsOf(plain.classes().stream().map(ClassMetrics::recall).toList());
        assertThat(named.confusionMatrix()).isSameAs(plain.confusionMatrix());
        assertThat(plain.withNames(null)).isSameAs(plain);
        assertThat(plain.classes().get(0).title()).isEqualTo("00014");
    }
}
