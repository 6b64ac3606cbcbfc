package io.sightline.dataset;

import io.sightline.dataset.source.InvalidImportException;
import java.time.Duration;

/**
 * How many published versions of a dataset retention keeps: {@code datasets/<d>/retention.json}, or the configured
 * default. A version goes when it is not among the newest {@code keepLast} published ones, or when it was completed
 * more than {@code maxAge} ago; the newest READY version always stays.
 *
 * @param keepLast   published versions kept; 0 = keep all; null (an override) = the configured default
 * @param maxAgeDays days a published version is kept; 0 = no age limit; null (an override) = the configured default
 */
public record RetentionPolicy(Integer keepLast, Integer maxAgeDays) {

    /** Refuses negative values (400). */
    public RetentionPolicy checked() {
        if (keepLast != null && keepLast < 0) {
            throw new InvalidImportException("keepLast must be 0 (keep all) or more, got " + keepLast);
        }
        if (maxAgeDays != null && (maxAgeDays < 0 || maxAgeDays > 36_500)) {
            throw new InvalidImportException("maxAgeDays must be 0 (no age limit) to 36500, got " + maxAgeDays);
        }
        return this;
    }

    /**
     * The configured defaults.
     *
     * @param keepLast 0 = keep all
     * @param maxAge   null = no age limit
     */
    public record Defaults(int keepLast, Duration maxAge) {

        public static final Defaults KEEP_ALL = new Defaults(0, null);
    }

    /** The rule in effect: this override where it says something, the defaults elsewhere. */
    Effective over(Defaults defaults) {
        Duration age = maxAgeDays == null ? defaults.maxAge()
                : maxAgeDays == 0 ? null : Duration.ofDays(maxAgeDays);
        return new Effective(keepLast == null ? defaults.keepLast() : keepLast, age);
    }

    /** A rule in effect: keep the newest {@code keepLast} (0: all), none older than {@code maxAge} (null: any age). */
    record Effective(int keepLast, Duration maxAge) {

        boolean keepsAll() {
            return keepLast == 0 && maxAge == null;
        }
    }
}
