package io.sightline.trainer.registry;

import io.sightline.kit.outbox.OutboxGuard;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The numbers of deleted model versions, kept as small markers {@code models/<model>/deleted/<version>.json} so that
 * a number is never handed out again: a consumer that saw version 3 must never meet a different version 3. A marker is
 * written before its version folder goes, so a publisher choosing a number meanwhile sees one or the other. The
 * folder name is not a version number, so every lister of versions skips it.
 */
public final class DeletedVersions {

    /** Folder of the markers under a model's folder. */
    public static final String FOLDER = "deleted";
    private static final Pattern MARKER = Pattern.compile("([1-9][0-9]{0,17})\\.json");

    private final ArtifactStore store;

    public DeletedVersions(ArtifactStore store) {
        this.store = store;
    }

    /**
     * A deleted version.
     *
     * @param jobId the job that had produced it, when known
     * @param by    who deleted it: a caller's name, or {@code retention}
     */
    public record Marker(String model, String version, String jobId, Instant deletedAt, String by) {
    }

    static String key(String model, String version) {
        return StoreKeys.modelVersions(model) + "/" + FOLDER + "/" + version + ".json";
    }

    /** What the relay checks before sending a deletion's event: the marker is in the store (decision 100). */
    public static OutboxGuard guard(Marker marker) throws IOException {
        return OutboxGuard.holding(key(marker.model(), marker.version()), StoreJson.write(marker));
    }

    public void mark(Marker marker) throws IOException {
        store.write(key(marker.model(), marker.version()), StoreJson.write(marker));
    }

    /** Whether this version of a model was deleted. */
    public boolean isDeleted(String model, String version) {
        return StoreKeys.isValidName(model) && store.exists(key(model, version));
    }

    /** The highest deleted version number of a model, if any was deleted. */
    public OptionalLong highest(String model) throws IOException {
        if (!StoreKeys.isValidName(model)) {
            return OptionalLong.empty();
        }
        OptionalLong highest = OptionalLong.empty();
        for (String name : store.list(StoreKeys.modelVersions(model) + "/" + FOLDER)) {
            var matcher = MARKER.matcher(name);
            if (matcher.matches()) {
                long number = Long.parseLong(matcher.group(1));
                if (highest.isEmpty() || number > highest.getAsLong()) {
                    highest = OptionalLong.of(number);
                }
            }
        }
        return highest;
    }
}
