package io.sightline.dataset.payloads;

import io.sightline.dataset.source.InvalidImportException;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * A {@code payloads:<model>?labels=<absolute path>[&from=<instant>][&to=<instant>]} source: the model's logged
 * records requested in {@code [from, to)}, labelled by the file. The topic is never part of it: the service reads
 * its configured one. The labels file must lie inside an import root, like a folder source.
 *
 * @param labels the labels file, real path
 * @param from   earliest request time kept, or null
 * @param to     request time before which records are kept, or null
 */
public record PayloadQuery(String model, Path labels, Instant from, Instant to) {

    public static final String PREFIX = "payloads:";
    private static final Set<String> PARAMETERS = Set.of("labels", "from", "to");

    /** Whether the text names a payloads source. */
    public static boolean isPayloads(String source) {
        return source != null && source.startsWith(PREFIX);
    }

    /** @throws InvalidImportException with what to change */
    static PayloadQuery parse(String source, List<Path> importRoots, long maxLabelsBytes) {
        String rest = source.substring(PREFIX.length());
        int question = rest.indexOf('?');
        String model = question < 0 ? rest : rest.substring(0, question);
        if (!StoreKeys.isValidName(model)) {
            throw new InvalidImportException("payloads source: the model name must be 1-128 letters, digits, '.', '_'"
                    + " or '-'; write payloads:<model>?labels=/absolute/labels.csv");
        }
        String labels = null;
        Instant from = null;
        Instant to = null;
        for (String pair : question < 0 ? new String[0] : rest.substring(question + 1).split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (!PARAMETERS.contains(name)) {
                throw new InvalidImportException("payloads source: unknown parameter '" + printable(name)
                        + "' (labels, from, to)");
            }
            switch (name) {
                case "labels" -> labels = value;
                case "from" -> from = instant("from", value);
                default -> to = instant("to", value);
            }
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidImportException("payloads source: from must be before to");
        }
        if (labels == null || labels.isEmpty()) {
            throw new InvalidImportException("payloads source needs a labels file: payloads:" + model
                    + "?labels=/absolute/labels.csv (requestId,label)");
        }
        return new PayloadQuery(model, labelsFile(labels, importRoots, maxLabelsBytes), from, to);
    }

    /** Whether a record's request time falls in the range. */
    boolean inRange(Instant requestedAt) {
        return requestedAt != null && (from == null || !requestedAt.isBefore(from))
                && (to == null || requestedAt.isBefore(to));
    }

    private static Path labelsFile(String text, List<Path> importRoots, long maxBytes) {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new InvalidImportException("payloads source: labels is not a valid path");
        }
        if (!path.isAbsolute()) {
            throw new InvalidImportException("payloads source: labels must be an absolute path");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new InvalidImportException("payloads source: labels file does not exist: " + printable(text));
        }
        if (importRoots.stream().noneMatch(real::startsWith)) {
            throw new InvalidImportException("payloads source: labels file is not inside an import root "
                    + importRoots + " (symlinks resolved)");
        }
        try {
            if (!Files.isRegularFile(real)) {
                throw new InvalidImportException("payloads source: labels is not a file: " + printable(text));
            }
            if (Files.size(real) > maxBytes) {
                throw new InvalidImportException("payloads source: labels file is larger than " + maxBytes + " bytes");
            }
        } catch (IOException e) {
            throw new InvalidImportException("payloads source: labels file cannot be read: " + printable(text));
        }
        return real;
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidImportException("payloads source: " + name + " must be an ISO-8601 instant such as"
                    + " 2026-12-01T00:00:00Z");
        }
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidImportException("payloads source: a parameter is not valid URL encoding");
        }
    }

    /** Caller text in a reason: short, control characters shown as '?'. */
    static String printable(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return shown.codePoints().map(c -> Character.isISOControl(c) || (c >= 0x202A && c <= 0x202E)
                        || (c >= 0x2066 && c <= 0x2069) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
