package io.sightline.inference.residency;

/**
 * A glob over model names: {@code *} matches any run of characters (also none), {@code ?} exactly one, every other
 * character itself. Matched without regular expressions: patterns come from configuration and a regex engine that
 * backtracks can take exponential time on a hostile one. This matcher keeps only the position after the last
 * {@code *}, so a match costs at most (name length × pattern length) steps, whatever the pattern.
 */
public final class GlobPattern {

    /** Longer patterns are refused: a model name is far shorter anyway. */
    public static final int MAX_LENGTH = 256;

    private final String pattern;

    private GlobPattern(String pattern) {
        this.pattern = pattern;
    }

    /** @throws IllegalArgumentException when the pattern is empty or longer than {@link #MAX_LENGTH} */
    public static GlobPattern of(String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a model glob must have 1 to " + MAX_LENGTH + " characters");
        }
        return new GlobPattern(pattern);
    }

    /** Whether a text has a {@code *} or {@code ?}, i.e. is a glob rather than a plain name. */
    public static boolean isGlob(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    public boolean matches(String name) {
        int p = 0;
        int n = 0;
        int star = -1; // pattern index just after the last '*' seen
        int resume = 0; // name index that '*' is currently assumed to have consumed up to
        while (n < name.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = ++p;
                resume = n;
            } else if (star >= 0) {
                // the last '*' absorbs one more character; earlier stars never need revisiting
                p = star;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
