package io.sightline.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration the way a person types it and gives whole seconds: {@code 90} or {@code 90s} (seconds),
 * {@code 9m}, {@code 1h}, {@code 1h30m}, {@code 2m30s} (hours, minutes, seconds, each at most once and in that
 * order, upper or lower case), or ISO-8601 as {@link Duration#parse} reads it ({@code PT9M}, {@code PT1H30M},
 * {@code P1D}; a fraction of a second is rounded to the nearest second).
 *
 * <p>Anything else is refused, naming the value and the accepted forms: zero, a negative duration, one that rounds
 * to zero seconds, an unknown unit, a fraction outside ISO-8601, more seconds than an {@code int} holds. The upper
 * bound the server accepts is left to the server, whose message gives its limits. The human forms are read by hand,
 * in one pass, rather than with a regular expression: user input never meets a backtracking matcher.
 *
 * <p>The conversion error is a {@link TypeConversionException}, not a {@link CliException}: picocli turns the former
 * into a usage error (exit code 2) with "Invalid value for option '--time-budget': …", like any other
 * malformed option value, whereas it would print another exception's class name into the message.
 */
final class DurationSeconds implements ITypeConverter<Integer> {

    static final String FORMS = "use seconds (90, 90s), minutes and hours (9m, 1h, 1h30m, 2m30s) or ISO-8601 (PT9M)";

    /** Longer digit runs overflow a long's seconds anyway; the cap keeps the arithmetic below exact. */
    private static final int MAX_DIGITS = 12;

    @Override
    public Integer convert(String value) {
        return seconds(value);
    }

    /** The whole seconds in {@code value}, or a {@link TypeConversionException} saying what is accepted. */
    static int seconds(String value) {
        String text = value == null ? "" : value.strip();
        long seconds = isIso(text) ? iso(value, text) : human(value, text);
        if (seconds <= 0) {
            throw refuse(value, "is not a positive duration");
        }
        if (seconds > Integer.MAX_VALUE) {
            throw refuse(value, "is too long");
        }
        return (int) seconds;
    }

    private static boolean isIso(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        return text.length() > start && Character.toUpperCase(text.charAt(start)) == 'P';
    }

    private static long iso(String value, String text) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            // Duration.parse also refuses a number of seconds beyond a long's range with this exception
            throw refuse(value, "is not a duration");
        }
        if (duration.isNegative()) {
            return -1;
        }
        long seconds = duration.getSeconds();
        return duration.getNano() >= 500_000_000 && seconds < Long.MAX_VALUE ? seconds + 1 : seconds;
    }

    /** {@code N} alone (seconds), or {@code Nh}, {@code Nm}, {@code Ns} once each, in that order. */
    private static long human(String value, String text) {
        if (text.isEmpty()) {
            throw refuse(value, "is not a duration");
        }
        long total = 0;
        int previousRank = Integer.MAX_VALUE;
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                i++;
            }
            if (i == start) {
                throw refuse(value, "is not a duration");
            }
            if (i - start > MAX_DIGITS) {
                throw refuse(value, "is too long");
            }
            long number = Long.parseLong(text, start, i, 10);
            if (i == text.length()) {
                if (start > 0) {
                    // "1h30": a number without a unit only stands alone
                    throw refuse(value, "is not a duration");
                }
                return number;
            }
            char unit = Character.toLowerCase(text.charAt(i++));
            int rank;
            long unitSeconds;
            switch (unit) {
                case 'h' -> {
                    rank = 2;
                    unitSeconds = 3600;
                }
                case 'm' -> {
                    rank = 1;
                    unitSeconds = 60;
                }
                case 's' -> {
                    rank = 0;
                    unitSeconds = 1;
                }
                default -> throw refuse(value, "is not a duration");
            }
            if (rank >= previousRank) {
                throw refuse(value, "is not a duration (hours, then minutes, then seconds, each once)");
            }
            previousRank = rank;
            total += number * unitSeconds; // at most 3 × 10^12 × 3600: no overflow
        }
        return total;
    }

    private static TypeConversionException refuse(String value, String what) {
        return new TypeConversionException("'" + value + "' " + what + ": " + FORMS);
    }
}
