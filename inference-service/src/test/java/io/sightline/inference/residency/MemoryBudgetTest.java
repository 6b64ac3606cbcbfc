package io.sightline.inference.residency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void evictsTheLeastRecentlyUsedUntilTheLoadFits() {
        MemoryBudget budget = new MemoryBudget(100);
        budget.admit("a", 40);
        budget.admit("b", 40);
        budget.touch("a"); // b is now the least recently used
        assertThat(budget.victims("c", 20, model -> false)).contains(List.of());
        assertThat(budget.victims("c", 40, model -> false)).contains(List.of("b"));
        budget.touch("b");
        assertThat(budget.victims("c", 40, model -> false)).contains(List.of("a"));
        assertThat(budget.victims("c", 90, model -> false)).contains(List.of("a", "b"));
    }

    @Test
    void neverEvictsABusyModelAndSaysWhenThereIsNoRoom() {
        MemoryBudget budget = new MemoryBudget(100);
        budget.admit("a", 50);
        budget.admit("b", 50);
        assertThat(budget.victims("c", 50, Set.of("a")::contains)).contains(List.of("b"));
        assertThat(budget.victims("c", 50, Set.of("a", "b")::contains)).isEmpty();
        assertThat(budget.victims("c", 101, model -> false)).as("larger than the whole budget").isEmpty();
    }

    @Test
    void aNewVersionTakesTheOldOnesPlace() {
        MemoryBudget budget = new MemoryBudget(100);
        budget.admit("a", 60);
        budget.admit("b", 40);
        assertThat(budget.victims("a", 60, model -> false)).contains(List.of());
        budget.admit("a", 50);
        assertThat(budget.residentBytes()).isEqualTo(90);
        budget.release("b");
        budget.release("b");
        assertThat(budget.residentBytes()).isEqualTo(50);
        assertThat(budget.residentModels()).isEqualTo(1);
    }

    @Test
    void refusesANonPositiveBudget() {
        assertThatThrownBy(() -> new MemoryBudget(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MemoryBudget.unbounded().bounded()).isFalse();
    }
}
