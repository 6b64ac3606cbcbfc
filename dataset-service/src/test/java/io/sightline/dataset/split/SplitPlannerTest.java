package io.sightline.dataset.split;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SplitPlannerTest {

    private static SplitSettings settings(double test, double validation, long seed, SplitMode mode) {
        return new SplitSettings(test, validation, seed, null, mode);
    }

    /** {@code count} items of a class with distinct content. */
    private static List<SplitPlanner.Item> items(String cls, String prefix, int count) {
        List<SplitPlanner.Item> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String path = cls + "/" + prefix + i + ".png";
            items.add(new SplitPlanner.Item(path, cls, Sha256.of(path.getBytes(StandardCharsets.UTF_8))));
        }
        return items;
    }

    private static Map<String, Integer> countSplits(SplitPlanner.Plan plan, List<SplitPlanner.Item> items, String cls) {
        Map<String, Integer> counts = new HashMap<>();
        items.stream().filter(i -> i.className().equals(cls))
                .forEach(i -> counts.merge(plan.assignments().get(i.path()).split(), 1, Integer::sum));
        return counts;
    }

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void positionsHashedOnSeveralThreadsGiveTheSamePlan(SplitMode mode) {
        List<SplitPlanner.Item> items = new ArrayList<>(items("a", "x", 3000));
        items.addAll(items("b", "y", 2500));
        items.add(new SplitPlanner.Item("b/same-as-x7.png", "b", items.get(7).sha256())); // one group, two classes
        SplitPlanner.Plan serial = new SplitPlanner(settings(0.2, 0.1, 3, mode)).plan(items);
        SplitPlanner.Plan parallel = new SplitPlanner(settings(0.2, 0.1, 3, mode),
                (count, task) -> IntStream.range(0, count).parallel().forEach(task)).plan(items);
        assertThat(parallel.assignments()).containsExactlyEntriesOf(serial.assignments());
        assertThat(parallel.notes()).isEqualTo(serial.notes());
        assertThat(serial.assignments().get("b/same-as-x7.png")).isEqualTo(serial.assignments().get("a/x7.png"));
    }

    @Test
    void stableModeStratifiesEveryClassNearItsRatios() {
        List<SplitPlanner.Item> items = new ArrayList<>(items("a", "x", 600));
        items.addAll(items("b", "y", 300));

        SplitPlanner.Plan plan = new SplitPlanner(settings(0.2, 0.1, 7, SplitMode.STABLE)).plan(items);

        for (String cls : List.of("a", "b")) {
            Map<String, Integer> counts = countSplits(plan, items, cls);
            double n = counts.values().stream().mapToInt(Integer::intValue).sum();
            // a threshold split is binomial: allow ~3.5 standard deviations (sd <= 0.023 for n = 300)
            assertThat(counts.get(DatasetManifest.TEST) / n).as("test share of " + cls).isBetween(0.12, 0.28);
            assertThat(counts.get(DatasetManifest.VALIDATION) / n).as("validation share of " + cls)
                    .isBetween(0.04, 0.16);
            assertThat(n).isEqualTo(cls.equals("a") ? 600 : 300);
        }
        assertThat(plan.notes()).isEmpty();
    }

    @Test
    void exactModeCutsEachClassToTheRoundedRatio() {
        double test = 0.3;
        double validation = 0.1;
        List<SplitPlanner.Item> items = new ArrayList<>();
        int[] sizes = {5, 7, 10, 13, 25};
        for (int c = 0; c < sizes.length; c++) {
            items.addAll(items("c" + c, "i", sizes[c]));
        }

        SplitPlanner.Plan plan = new SplitPlanner(settings(test, validation, 3, SplitMode.EXACT)).plan(items);

        for (int c = 0; c < sizes.length; c++) {
            Map<String, Integer> counts = countSplits(plan, items, "c" + c);
            int expectedTest = (int) Math.floor(sizes[c] * test + 0.5);
            int expectedValidation = Math.max(1, (int) Math.floor(sizes[c] * validation + 0.5));
            assertThat(counts.get(DatasetManifest.TEST)).as("test of class c" + c).isEqualTo(expectedTest);
            assertThat(counts.get(DatasetManifest.VALIDATION)).as("validation of class c" + c)
                    .isEqualTo(expectedValidation);
            assertThat(counts.get(DatasetManifest.TRAIN))
                    .isEqualTo(sizes[c] - expectedTest - expectedValidation);
        }
    }

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnother(SplitMode mode) {
        List<SplitPlanner.Item> items = new ArrayList<>(items("a", "x", 80));
        items.addAll(items("b", "y", 80));

        SplitPlanner.Plan first = new SplitPlanner(settings(0.25, 0, 11, mode)).plan(items);
        List<SplitPlanner.Item> reversed = new ArrayList<>(items);
        Collections.reverse(reversed);
        SplitPlanner.Plan again = new SplitPlanner(settings(0.25, 0, 11, mode)).plan(reversed);
        SplitPlanner.Plan other = new SplitPlanner(settings(0.25, 0, 12, mode)).plan(items);

        assertThat(again.assignments()).containsExactlyInAnyOrderEntriesOf(first.assignments());
        assertThat(other.assignments()).isNotEqualTo(first.assignments());
    }

    @Test
    void addingImagesNeverMovesAnExistingImageInStableMode() {
        for (long seed = 1; seed <= 5; seed++) {
            SplitSettings settings = settings(0.2, 0.1, seed, SplitMode.STABLE);
            List<SplitPlanner.Item> before = new ArrayList<>(items("a", "old", 60));
            before.addAll(items("b", "old", 60));
            List<SplitPlanner.Item> after = new ArrayList<>(before);
            after.addAll(items("a", "new", 50));
            after.addAll(items("b", "new", 10));

            SplitPlanner.Plan first = new SplitPlanner(settings).plan(before);
            SplitPlanner.Plan second = new SplitPlanner(settings).plan(after);

            assertThat(first.notes()).as("no small-class fallback in play").isEmpty();
            for (SplitPlanner.Item item : before) {
                assertThat(second.assignments().get(item.path()).split()).as(item.path() + " seed " + seed)
                        .isEqualTo(first.assignments().get(item.path()).split());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void identicalContentNeverStraddlesSidesEvenAcrossPatternGroupsAndClasses(SplitMode mode) {
        List<SplitPlanner.Item> items = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            // 40 contents, each under three paths: two in class a (different subjects), one in class b
            String sha = Sha256.of(("content" + (i % 40)).getBytes(StandardCharsets.UTF_8));
            String cls = i % 3 == 0 ? "b" : "a";
            items.add(new SplitPlanner.Item(cls + "/subject" + i + "_1.png", cls, sha));
        }
        Pattern bySubject = Pattern.compile("/(subject[0-9]+)_");

        SplitPlanner.Plan plan = new SplitPlanner(new SplitSettings(0.3, 0.1, 5, bySubject, mode)).plan(items);

        Map<String, Set<String>> sidesOfContent = new HashMap<>();
        items.forEach(i -> sidesOfContent.computeIfAbsent(i.sha256(), s -> new HashSet<>())
                .add(plan.assignments().get(i.path()).split()));
        assertThat(sidesOfContent).hasSize(40).allSatisfy((sha, sides) -> assertThat(sides).hasSize(1));
        Set<String> used = new HashSet<>();
        plan.assignments().values().forEach(a -> used.add(a.split()));
        assertThat(used).contains(DatasetManifest.TRAIN, DatasetManifest.TEST);
    }

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void aGroupPatternKeepsEachGroupOnOneSide(SplitMode mode) {
        List<SplitPlanner.Item> items = new ArrayList<>();
        for (int subject = 0; subject < 30; subject++) {
            for (int shot = 0; shot < 4; shot++) {
                String path = "a/p" + subject + "_" + shot + ".png";
                items.add(new SplitPlanner.Item(path, "a", Sha256.of(path.getBytes(StandardCharsets.UTF_8))));
            }
        }

        SplitPlanner.Plan plan = new SplitPlanner(new SplitSettings(0.25, 0, 9, Pattern.compile("/(p[0-9]+)_"), mode))
                .plan(items);

        Map<String, Set<String>> sidesOfSubject = new HashMap<>();
        items.forEach(i -> sidesOfSubject.computeIfAbsent(i.path().replaceAll("_.*", ""), s -> new HashSet<>())
                .add(plan.assignments().get(i.path()).split()));
        assertThat(sidesOfSubject).hasSize(30).allSatisfy((s, sides) -> assertThat(sides).hasSize(1));
        assertThat(plan.assignments().get("a/p3_0.png").group()).isEqualTo("p3");
    }

    @ParameterizedTest
    @EnumSource(SplitMode.class)
    void aClassWithOneGroupGoesToTrainAndTwoGroupsGiveOneTest(SplitMode mode) {
        for (long seed = 0; seed < 20; seed++) {
            List<SplitPlanner.Item> items = new ArrayList<>(items("single", "only", 1));
            String sameContent = Sha256.of(("same" + seed).getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) { // three copies of one content: one group
                items.add(new SplitPlanner.Item("copies/" + i + ".png", "copies", sameContent));
            }
            items.addAll(items("pair", "p", 2));

            SplitPlanner.Plan plan = new SplitPlanner(settings(0.2, 0, seed, mode)).plan(items);

            assertThat(countSplits(plan, items, "single")).containsExactly(Map.entry(DatasetManifest.TRAIN, 1));
            assertThat(countSplits(plan, items, "copies")).containsExactly(Map.entry(DatasetManifest.TRAIN, 3));
            assertThat(countSplits(plan, items, "pair"))
                    .containsEntry(DatasetManifest.TRAIN, 1).containsEntry(DatasetManifest.TEST, 1);
            assertThat(plan.notes()).anyMatch(n -> n.startsWith("class single has a single group"))
                    .anyMatch(n -> n.startsWith("class copies has a single group"));
        }
    }

    @Test
    void positionsAreSpreadOverTheUnitInterval() {
        double sum = 0;
        for (int i = 0; i < 2000; i++) {
            double p = SplitPlanner.position(1, "k" + i);
            assertThat(p).isGreaterThanOrEqualTo(0).isLessThan(1);
            sum += p;
        }
        assertThat(sum / 2000).isBetween(0.47, 0.53);
    }
}
