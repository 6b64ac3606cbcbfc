package io.sightline.dataset.split;

import com.google.re2j.Matcher;
import io.sightline.dataset.source.SourceScanner;
import io.sightline.storage.DatasetManifest;
import io.sightline.storage.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides each image's side: train, test or validation.
 *
 * <p><b>Groups.</b> Images that must stay together form a group: with a group pattern, the files whose
 * relative path yields the same capture group 1; always, files with the same content. The two are joined
 * (union-find), so identical content in two pattern groups merges them: identical content can never end
 * up on two sides. A group's key is the smallest pattern key in it, else its content SHA-256.
 *
 * <p><b>Position.</b> Each group gets a position in [0, 1) from SHA-256(seed, key): the same seed and key
 * always give the same position, on any machine.
 *
 * <p><b>Cut.</b> Per class, by {@link SplitMode}: {@code STABLE} thresholds the position (test below
 * testRatio, validation below testRatio + validationRatio), so a group's side never depends on the other
 * images and adding images moves nothing. {@code EXACT} orders the class's groups by position and cuts
 * where the test share is closest to testRatio (half rounds up). In both modes a class with a single group
 * goes to train, a class with two or more groups gets at least one test group and keeps at least one
 * train group; {@code STABLE} reaches that with a small-class fallback that is noted in the plan (the one
 * case in which a group may change side as its class grows).
 */
public final class SplitPlanner {

    /** One image to place; {@code given} is the split it shipped in (split folders), else null. */
    public record Item(String path, String className, String sha256, String given) {

        public Item(String path, String className, String sha256) {
            this(path, className, sha256, null);
        }
    }

    /** Where an image goes and the group that took it there. */
    public record Assignment(String split, String group) {
    }

    /**
     * A split decision.
     *
     * @param assignments by relative path
     * @param notes       facts a person should know (single-group classes, fallbacks, unmatched pattern)
     */
    public record Plan(Map<String, Assignment> assignments, List<String> notes) {
    }

    private final SplitSettings settings;
    private final SourceScanner.Spread spread;

    public SplitPlanner(SplitSettings settings) {
        this(settings, (count, task) -> {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
        });
    }

    /** A planner that hashes the groups' positions on {@code spread}'s threads; the plan is the same on any number. */
    public SplitPlanner(SplitSettings settings, SourceScanner.Spread spread) {
        this.settings = settings;
        this.spread = spread;
    }

    public Plan plan(List<Item> items) {
        List<String> notes = new ArrayList<>();
        String[] groupOf = groupKeys(items, notes);
        if (!items.isEmpty() && items.stream().allMatch(i -> i.given() != null)) {
            return keepGiven(items, groupOf, notes);
        }
        Map<String, Double> position = positions(groupOf);
        // class -> its groups -> images of the class in the group; the groups' order is the sort's below, the
        // classes' the TreeMap's: the walk is deterministic
        Map<String, Map<String, Integer>> classGroups = new TreeMap<>();
        for (int i = 0; i < groupOf.length; i++) {
            classGroups.computeIfAbsent(items.get(i).className(), c -> new HashMap<>()).merge(groupOf[i], 1, Integer::sum);
        }
        Map<String, String> side = new HashMap<>();
        for (Map.Entry<String, Map<String, Integer>> cls : classGroups.entrySet()) {
            List<String> ordered = byPosition(cls.getValue().keySet(), position);
            if (settings.mode() == SplitMode.EXACT) {
                cutExactly(cls.getKey(), ordered, cls.getValue(), side, notes);
            } else {
                cutByThreshold(cls.getKey(), ordered, position, side, notes);
            }
        }
        Map<String, Assignment> assignments = new LinkedHashMap<>();
        for (int i = 0; i < groupOf.length; i++) {
            assignments.put(items.get(i).path(), new Assignment(side.get(groupOf[i]), groupOf[i]));
        }
        return new Plan(assignments, notes);
    }

    /**
     * A split as the dataset shipped it: every image keeps its side. Groups are still formed, so a report can say
     * which of them the given split cut apart (identical contents across sides are the verification's to name).
     */
    private static Plan keepGiven(List<Item> items, String[] groupOf, List<String> notes) {
        Map<String, TreeSet<String>> sidesOfGroup = new TreeMap<>();
        Map<String, Assignment> assignments = new LinkedHashMap<>();
        for (int i = 0; i < groupOf.length; i++) {
            Item item = items.get(i);
            String group = groupOf[i];
            assignments.put(item.path(), new Assignment(item.given(), group));
            if (!group.equals(item.sha256())) { // a pattern group: identical contents are reported as leaks
                sidesOfGroup.computeIfAbsent(group, g -> new TreeSet<>()).add(item.given());
            }
        }
        List<String> cut = sidesOfGroup.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList();
        if (!cut.isEmpty()) {
            notes.add(cut.size() + " group(s) of groupPattern lie on more than one side of the given split, e.g. "
                    + String.join("; ", cut.subList(0, Math.min(5, cut.size()))));
        }
        notes.add("the split is given by the source's folders: kept as shipped (testRatio, validationRatio and seed"
                + " do not apply)");
        return new Plan(assignments, notes);
    }

    /** The position of every distinct group key, hashed in chunks on the spread's threads. */
    private Map<String, Double> positions(String[] groupOf) {
        String[] keys = new LinkedHashSet<>(Arrays.asList(groupOf)).toArray(String[]::new);
        double[] at = new double[keys.length];
        int chunk = 1024;
        spread.forEach((keys.length + chunk - 1) / chunk, c -> {
            MessageDigest sha = Sha256.newDigest();
            for (int i = c * chunk; i < Math.min(keys.length, (c + 1) * chunk); i++) {
                at[i] = position(sha, settings.seed(), keys[i]);
            }
        });
        Map<String, Double> position = new HashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
            position.put(keys[i], at[i]);
        }
        return position;
    }

    /** {@code groups} by position, then by key; each position looked up once, not per comparison. */
    private static List<String> byPosition(Collection<String> groups, Map<String, Double> position) {
        record Placed(double position, String key) {
        }
        List<Placed> placed = new ArrayList<>(groups.size());
        groups.forEach(g -> placed.add(new Placed(position.get(g), g)));
        placed.sort(Comparator.comparingDouble(Placed::position).thenComparing(Placed::key));
        List<String> ordered = new ArrayList<>(placed.size());
        placed.forEach(p -> ordered.add(p.key()));
        return ordered;
    }

    /** Position in [0, 1) of a group under a seed: the top 53 bits of SHA-256(seed, key). */
    public static double position(long seed, String groupKey) {
        return position(Sha256.newDigest(), seed, groupKey);
    }

    /** {@link #position(long, String)} with a digest of the caller's, reset afterwards. */
    private static double position(MessageDigest sha, long seed, String groupKey) {
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        sha.update(groupKey.getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(sha.digest()).getLong();
        return (bits >>> 11) * 0x1.0p-53;
    }

    private void cutByThreshold(String className, List<String> ordered, Map<String, Double> position,
                                Map<String, String> side, List<String> notes) {
        double test = settings.testRatio();
        double validation = settings.validationRatio();
        if (ordered.size() == 1) {
            side.put(ordered.get(0), DatasetManifest.TRAIN);
            notes.add(singleGroupNote(className));
            return;
        }
        for (String group : ordered) {
            // a group shared with an earlier class (same content, two labels) keeps the side it has
            side.computeIfAbsent(group, g -> {
                double p = position.get(g);
                return p < test ? DatasetManifest.TEST
                        : p < test + validation ? DatasetManifest.VALIDATION : DatasetManifest.TRAIN;
            });
        }
        if (ordered.stream().noneMatch(g -> DatasetManifest.TEST.equals(side.get(g)))) {
            String first = ordered.get(0);
            side.put(first, DatasetManifest.TEST);
            notes.add("class " + className + ": no group fell under the test threshold; small-class fallback put"
                    + " the lowest-positioned group in test (it may return to train as the class grows)");
        }
        if (ordered.stream().noneMatch(g -> DatasetManifest.TRAIN.equals(side.get(g)))) {
            String last = ordered.get(ordered.size() - 1);
            side.put(last, DatasetManifest.TRAIN);
            notes.add("class " + className + ": no group fell above the threshold; small-class fallback put"
                    + " the highest-positioned group in train");
        }
        if (validation > 0 && ordered.size() >= 3
                && ordered.stream().noneMatch(g -> DatasetManifest.VALIDATION.equals(side.get(g)))) {
            List<String> train = ordered.stream().filter(g -> DatasetManifest.TRAIN.equals(side.get(g))).toList();
            if (train.size() >= 2) {
                side.put(train.get(0), DatasetManifest.VALIDATION);
                notes.add("class " + className + ": no group fell in the validation band; small-class fallback"
                        + " put the lowest-positioned train group in validation");
            }
        }
    }

    private void cutExactly(String className, List<String> ordered, Map<String, Integer> sizes,
                            Map<String, String> side, List<String> notes) {
        if (ordered.size() == 1) {
            side.putIfAbsent(ordered.get(0), DatasetManifest.TRAIN);
            notes.add(singleGroupNote(className));
            return;
        }
        int total = sizes.values().stream().mapToInt(Integer::intValue).sum();
        List<String> free = new ArrayList<>(ordered.stream().filter(g -> !side.containsKey(g)).toList());
        int[] taken = new int[3]; // test, validation, train images already placed by an earlier class
        for (String g : ordered) {
            if (side.containsKey(g)) {
                taken[index(side.get(g))] += sizes.get(g);
            }
        }
        int reserve = taken[2] > 0 ? 0 : 1; // always leave one group for train
        int testGroups = take(free, sizes, taken[0], settings.testRatio() * total, reserve,
                taken[0] == 0 && settings.testRatio() > 0 && free.size() > reserve);
        for (String g : free.subList(0, testGroups)) {
            side.put(g, DatasetManifest.TEST);
        }
        List<String> rest = free.subList(testGroups, free.size());
        int validationGroups = settings.validationRatio() <= 0 ? 0
                : take(rest, sizes, taken[1], settings.validationRatio() * total, reserve,
                        taken[1] == 0 && rest.size() > reserve);
        for (String g : rest.subList(0, validationGroups)) {
            side.put(g, DatasetManifest.VALIDATION);
        }
        for (String g : rest.subList(validationGroups, rest.size())) {
            side.put(g, DatasetManifest.TRAIN);
        }
    }

    /**
     * How many of {@code groups} (in order) to take so the images taken come closest to {@code target};
     * a tie takes the group (half rounds up). Prefix sums only grow, so the distance falls then rises and
     * the first step that would make it worse is where to stop.
     */
    private static int take(List<String> groups, Map<String, Integer> sizes, int already, double target,
                            int reserve, boolean atLeastOne) {
        int count = 0;
        int images = already;
        int limit = groups.size() - reserve;
        while (count < limit) {
            int next = images + sizes.get(groups.get(count));
            if (Math.abs(next - target) > Math.abs(images - target) + 1e-9) {
                break;
            }
            images = next;
            count++;
        }
        return atLeastOne && count == 0 && limit > 0 ? 1 : count;
    }

    private static int index(String split) {
        return switch (split) {
            case DatasetManifest.TEST -> 0;
            case DatasetManifest.VALIDATION -> 1;
            default -> 2;
        };
    }

    private static String singleGroupNote(String className) {
        return "class " + className + " has a single group: all its images are in train, none in test";
    }

    /**
     * Group key of every item, in the items' order: union of pattern groups and identical content. A group's key is
     * its smallest pattern key, else its smallest content digest.
     */
    private String[] groupKeys(List<Item> items, List<String> notes) {
        String[] groupOf = new String[items.size()];
        if (settings.groupPattern() == null) { // a group per content: its digest
            for (int i = 0; i < groupOf.length; i++) {
                groupOf[i] = items.get(i).sha256();
            }
            return groupOf;
        }
        // nodes: each distinct content, each distinct pattern key; joined when an item has both
        Map<String, Integer> contents = new HashMap<>();
        Map<String, Integer> patterns = new HashMap<>();
        List<String> names = new ArrayList<>(); // a node's content digest or pattern key
        List<Boolean> isPattern = new ArrayList<>();
        int[] contentOf = new int[groupOf.length];
        int[] patternOf = new int[groupOf.length];
        int unmatched = 0;
        for (int i = 0; i < groupOf.length; i++) {
            Item item = items.get(i);
            contentOf[i] = node(contents, item.sha256(), false, names, isPattern);
            Matcher m = settings.groupPattern().matcher(item.path());
            if (m.find() && m.group(1) != null) {
                patternOf[i] = node(patterns, m.group(1), true, names, isPattern);
            } else {
                patternOf[i] = -1;
                unmatched++;
            }
        }
        if (unmatched > 0) {
            notes.add(unmatched + " file(s) did not match groupPattern " + settings.groupPatternText()
                    + ": grouped by content only");
        }
        UnionFind sets = new UnionFind(names.size());
        for (int i = 0; i < groupOf.length; i++) {
            if (patternOf[i] >= 0) {
                sets.union(contentOf[i], patternOf[i]);
            }
        }
        String[] smallestPattern = new String[names.size()];
        String[] smallestContent = new String[names.size()];
        for (int node = 0; node < names.size(); node++) {
            int root = sets.find(node);
            String[] smallest = isPattern.get(node) ? smallestPattern : smallestContent;
            if (smallest[root] == null || names.get(node).compareTo(smallest[root]) < 0) {
                smallest[root] = names.get(node);
            }
        }
        for (int i = 0; i < groupOf.length; i++) {
            int root = sets.find(contentOf[i]);
            groupOf[i] = smallestPattern[root] != null ? smallestPattern[root] : smallestContent[root];
        }
        return groupOf;
    }

    private static int node(Map<String, Integer> ids, String name, boolean pattern, List<String> names,
                            List<Boolean> isPattern) {
        return ids.computeIfAbsent(name, n -> {
            names.add(n);
            isPattern.add(pattern);
            return names.size() - 1;
        });
    }

    /** Disjoint sets of nodes 0..n-1, with path halving. */
    private static final class UnionFind {
        private final int[] parent;

        UnionFind(int size) {
            parent = new int[size];
            for (int i = 0; i < size; i++) {
                parent[i] = i;
            }
        }

        int find(int node) {
            while (parent[node] != node) {
                parent[node] = parent[parent[node]];
                node = parent[node];
            }
            return node;
        }

        void union(int a, int b) {
            parent[find(a)] = find(b);
        }
    }
}
