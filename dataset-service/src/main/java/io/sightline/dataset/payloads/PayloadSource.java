package io.sightline.dataset.payloads;

import io.sightline.dataset.importing.ImportProgress;
import io.sightline.dataset.source.InvalidImportException;
import io.sightline.dataset.source.SourceLimits;
import io.sightline.events.PayloadLogged;
import io.sightline.storage.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings a {@code payloads:} source into an import's work folder as class folders: {@code <label>/<requestId>.<ext>}
 * for each labelled request whose logged record holds its image. Every labelled id must be found, with its image and
 * a matching digest, or the import is rejected naming each one; the images are then decoded, verified, split and
 * deduplicated by the normal import, under its decode budget.
 */
public final class PayloadSource {

    /** Refuses every payloads source: not enabled. */
    public static final PayloadSource DISABLED = new PayloadSource(new PayloadImportSettings(false, "", 0, 0, 0,
            Duration.ZERO), SourceLimits.DEFAULTS, keep -> 0);

    private static final Map<String, String> EXTENSIONS = Map.of("image/png", ".png", "image/jpeg", ".jpg",
            "image/gif", ".gif", "image/bmp", ".bmp", "image/x-portable-anymap", ".pnm");

    private final PayloadImportSettings settings;
    private final SourceLimits limits;
    private final PayloadRecords records;

    public PayloadSource(PayloadImportSettings settings, SourceLimits limits, PayloadRecords records) {
        this.settings = settings;
        this.limits = limits;
        this.records = records;
    }

    /** A source reading the configured topic with the service's Kafka client settings. */
    public static PayloadSource ofTopic(PayloadImportSettings settings, SourceLimits limits, Map<String, Object> kafka,
                                        com.fasterxml.jackson.databind.ObjectMapper json) {
        return new PayloadSource(settings, limits, new TopicPayloadRecords(kafka, settings, json));
    }

    /** Checks a request's source before it is queued: enabled, well formed, labels file in an import root. */
    public void check(String source, List<Path> importRoots) {
        query(source, importRoots);
    }

    /** Writes the labelled images under {@code into}; returns its real path. */
    public Path fetch(String source, List<Path> importRoots, Path into, ImportProgress progress) throws IOException {
        PayloadQuery query = query(source, importRoots);
        PayloadLabels labels = PayloadLabels.read(query.labels(), limits.maxEntries());
        if (!labels.problems().isEmpty()) {
            throw new InvalidImportException("payloads source: the labels file has " + labels.problems().size()
                    + " problem(s)", labels.problems());
        }
        Files.createDirectories(into);
        Path root = into.toRealPath();
        progress.start("download", labels.labels().size());
        Map<String, String> problems = new LinkedHashMap<>();
        Set<String> found = new HashSet<>();
        long[] written = {0};
        try {
            records.scan(record -> {
                String label = labels.labels().get(record.requestId());
                if (label == null || !query.model().equals(record.model()) || !query.inRange(record.requestedAt())
                        || !found.add(record.requestId())) {
                    return true;
                }
                String problem = write(record, root.resolve(label), written);
                if (problem != null) {
                    problems.put(record.requestId(), "request id " + record.requestId() + ": " + problem);
                }
                progress.advance();
                return found.size() < labels.labels().size();
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<String> missing = new ArrayList<>();
        for (String id : labels.labels().keySet()) {
            if (!found.contains(id)) {
                missing.add("unknown request id " + id + ": no logged record of model " + query.model()
                        + (query.from() == null && query.to() == null ? "" : " in the time range"));
            }
        }
        if (!missing.isEmpty() || !problems.isEmpty()) {
            List<String> all = new ArrayList<>(missing);
            all.addAll(problems.values());
            throw new InvalidImportException(reason(missing.size(), problems), bounded(all));
        }
        return root;
    }

    private PayloadQuery query(String source, List<Path> importRoots) {
        if (!settings.enabled()) {
            throw new InvalidImportException("payloads: sources are not enabled on this service"
                    + " (sightline.dataset.payloads.enabled)");
        }
        return PayloadQuery.parse(source, importRoots, settings.maxLabelsBytes());
    }

    /** Writes one record's image into its class folder; the problem when it has none or it does not match. */
    private String write(PayloadLogged record, Path classFolder, long[] written) {
        if (record.imageBase64() == null) {
            return "the record holds no image (" + (record.imageOmitted() == null ? "none logged"
                    : PayloadQuery.printable(record.imageOmitted())) + "): records without images cannot be imported;"
                    + " log with sightline.inference.payloads.include-images=true";
        }
        String extension = EXTENSIONS.get(record.imageMediaType());
        if (extension == null) {
            return "media type " + PayloadQuery.printable(String.valueOf(record.imageMediaType()))
                    + " is not an image type";
        }
        if ((long) record.imageBase64().length() * 3 / 4 + written[0] > limits.maxUncompressedBytes()) {
            throw new InvalidImportException("payloads source: the labelled images exceed "
                    + limits.maxUncompressedBytes() + " bytes");
        }
        byte[] image;
        try {
            image = Base64.getDecoder().decode(record.imageBase64());
        } catch (IllegalArgumentException e) {
            return "the record's image is not valid base64";
        }
        if (!Sha256.of(image).equals(record.imageSha256())) {
            return "the record's image does not match its SHA-256";
        }
        written[0] += image.length;
        try {
            Files.createDirectories(classFolder);
            Files.write(classFolder.resolve(record.requestId() + extension), image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null;
    }

    private static String reason(int missing, Map<String, String> problems) {
        long withoutImage = problems.values().stream().filter(p -> p.contains("records without images")).count();
        List<String> parts = new ArrayList<>();
        if (missing > 0) {
            parts.add(missing + " labelled request id(s) have no logged record");
        }
        if (withoutImage > 0) {
            parts.add(withoutImage + " record(s) hold no image: records without images cannot be imported");
        }
        if (problems.size() > withoutImage) {
            parts.add((problems.size() - withoutImage) + " record(s) unusable");
        }
        return "payloads source: " + String.join("; ", parts);
    }

    private static List<String> bounded(List<String> problems) {
        if (problems.size() <= PayloadLabels.MAX_PROBLEMS) {
            return problems;
        }
        List<String> told = new ArrayList<>(problems.subList(0, PayloadLabels.MAX_PROBLEMS));
        told.add("... and " + (problems.size() - PayloadLabels.MAX_PROBLEMS) + " more");
        return told;
    }
}
