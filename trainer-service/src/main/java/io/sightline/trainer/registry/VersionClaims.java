package io.sightline.trainer.registry;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Claims of model version numbers, {@code models/<model>/claims/<version>.json}, each created only if absent
 * ({@link ArtifactStore#createIfAbsent}): of trainers racing for one number exactly one publishes under it, so two
 * jobs never write into one version (on S3 a version folder is uploaded in place, object by object). A claim names
 * the job; it stays after publication and after deletion, so a number is handed out once. A claim whose publication
 * never completed (the trainer died) is taken up again only by a retry of the same job; everyone else skips the
 * number, which stays a gap like a deleted version (docs/decisions/096).
 */
public final class VersionClaims {

    /** Folder of the claims under a model's folder; not a version number, so every lister of versions skips it. */
    public static final String FOLDER = "claims";
    private static final Pattern CLAIM = Pattern.compile("([1-9][0-9]{0,17})\\.json");

    private final ArtifactStore store;

    public VersionClaims(ArtifactStore store) {
        this.store = store;
    }

    /**
     * One claimed number.
     *
     * @param jobId the job that claimed it: only this job publishes under the number
     */
    public record Claim(String model, String version, String jobId, Instant claimedAt) {
    }

    static String key(String model, String version) {
        return StoreKeys.modelVersions(model) + "/" + FOLDER + "/" + version + ".json";
    }

    /** Claims a number for a job; false when another claim (of any job) holds it already. */
    public boolean claim(String model, String version, String jobId) throws IOException {
        return store.createIfAbsent(key(model, version),
                StoreJson.write(new Claim(model, version, jobId, Instant.now())));
    }

    /** The highest claimed number of a model, if any was claimed. */
    public OptionalLong highest(String model) throws IOException {
        OptionalLong highest = OptionalLong.empty();
        for (long number : numbers(model)) {
            if (highest.isEmpty() || number > highest.getAsLong()) {
                highest = OptionalLong.of(number);
            }
        }
        return highest;
    }

    /**
     * The number this job claimed earlier without publishing under it (a retry after a crash), if any.
     *
     * @param settled whether a number is published or deleted: its claim is done with
     */
    public Optional<String> unfinishedOf(String model, String jobId, Predicate<String> settled) throws IOException {
        for (long number : numbers(model)) {
            String version = Long.toString(number);
            if (settled.test(version)) {
                continue;
            }
            Claim claim;
            try {
                claim = StoreJson.read(store.read(key(model, version)), Claim.class);
            } catch (IOException | RuntimeException unreadable) {
                continue; // an unreadable claim is nobody's: its number stays skipped
            }
            if (jobId.equals(claim.jobId())) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    private List<Long> numbers(String model) throws IOException {
        if (!StoreKeys.isValidName(model)) {
            return List.of();
        }
        return store.list(StoreKeys.modelVersions(model) + "/" + FOLDER).stream()
                .map(CLAIM::matcher).filter(java.util.regex.Matcher::matches)
                .map(m -> Long.parseLong(m.group(1))).sorted().toList();
    }
}
