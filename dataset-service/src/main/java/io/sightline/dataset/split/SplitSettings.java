package io.sightline.dataset.split;

import com.google.re2j.Pattern;

/**
 * How to split one import.
 *
 * @param testRatio       test share per class, 0 &lt; r &lt; 1
 * @param validationRatio validation share per class, 0 &lt;= r, and testRatio + validationRatio &lt; 1
 * @param seed            seed of the group hash
 * @param groupPattern    group 1 of this pattern, found in a relative path, is the file's group key; null
 *                        to group by content SHA-256 only. RE2: file names are the caller's, and a
 *                        backtracking engine could spend hours on one of them
 * @param mode            how groups are cut
 */
public record SplitSettings(double testRatio, double validationRatio, long seed, Pattern groupPattern,
                            SplitMode mode) {

    /** The pattern as text, or null. */
    public String groupPatternText() {
        return groupPattern == null ? null : groupPattern.pattern();
    }
}
