package io.sightline.inference.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

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
