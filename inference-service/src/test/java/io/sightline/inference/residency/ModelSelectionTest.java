package io.sightline.inference.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelSelectionTest {

    @Test
    void selectsNamesAndGlobs() {
        ModelSelection selection = ModelSelection.of(List.of("pets", " team-a-* ", "", "digits-v?"));
        assertThat(selection.selects("pets")).isTrue();
        assertThat(selection.selects("team-a-cats")).isTrue();
        assertThat(selection.selects("digits-v3")).isTrue();
        assertThat(selection.selects("team-b-cats")).isFalse();
        assertThat(selection.selects("pets2")).isFalse();
        assertThat(selection.selects(null)).isFalse();
        assertThat(selection.toString()).isEqualTo("pets,team-a-*,digits-v?");
    }

    @Test
    void labelSelectorsSelectByThePromotionsLabels() {
        ModelSelection selection = ModelSelection.of(List.of("pets", "label:team=vision-a", " label:tier=gold "));
        assertThat(selection.everything()).isFalse();
        assertThat(selection.byLabels()).isTrue();
        assertThat(selection.selects("cracks", Map.of("team", "vision-a"))).isTrue();
        assertThat(selection.selects("cracks", Map.of("team", "vision-b", "tier", "gold"))).isTrue();
        assertThat(selection.selects("cracks", Map.of("team", "vision-b"))).isFalse();
        assertThat(selection.selects("cracks", Map.of("vision-a", "team"))).isFalse();
        assertThat(selection.selects("cracks", null)).isFalse();
        assertThat(selection.selects("cracks")).as("by name alone, labels unknown").isFalse();
        assertThat(selection.selects("pets", Map.of())).isTrue();
        assertThat(selection.toString()).isEqualTo("pets,label:team=vision-a,label:tier=gold");
    }

    @ParameterizedTest
    @ValueSource(strings = {"label:", "label:team", "label:team=", "label:=a", "label:Team=a", "label:team=A",
            "label:team=a=b", "label:-team=a", "label:team=a-", "label:team=a b"})
    void refusesLabelSelectorsOutsideTheRules(String entry) {
        assertThatThrownBy(() -> ModelSelection.of(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label selector");
    }

    @Test
    void aHostileLabelSelectorIsRefusedInBoundedTimeAndNotEchoedWhole() {
        String huge = "label:team=" + "a".repeat(1_000_000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> ModelSelection.of(List.of(huge))).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500));
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @Test
    void emptySelectsEverything() {
        assertThat(ModelSelection.of(List.of()).selects("anything")).isTrue();
        assertThat(ModelSelection.of(List.of(" ")).everything()).isTrue();
    }

    @Test
    void refusesWhatIsNeitherANameNorAGlob() {
        assertThatThrownBy(() -> ModelSelection.of(List.of("../etc")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../etc");
    }
}
