package io.sightline.events;

/** How many images of one class landed on each side of a split. */
public record SplitCounts(int train, int test, int validation) {

    public int total() {
        return train + test + validation;
    }
}
