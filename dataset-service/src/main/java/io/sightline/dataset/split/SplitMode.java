package io.sightline.dataset.split;

/** How a class's groups, ordered by their seeded hash, are cut into train, test and validation. */
public enum SplitMode {
    /**
     * A group goes to test when its hash position is below the test ratio, to validation when below
     * test + validation ratio, else to train. A group's side depends only on the seed and its own key, so
     * adding images never moves an existing image to another side. Counts per class follow the ratios
     * only on average; a small-class fallback still guarantees one test group per class with two or more
     * groups (see {@link SplitPlanner}).
     */
    STABLE,
    /**
     * The class's groups in hash order are cut so the test (then validation) share matches the ratio as
     * closely as whole groups allow, rounding half up. Exact counts, but adding images can shift the cut
     * and move an existing group across it.
     */
    EXACT
}
