package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Champions as the trainer records them in the store: {@code models/<model>/champion.json}, written before
 * the promotion event is sent (trainer {@code ModelRegistry.CHAMPION}, {@code Champion}), so the file names
 * the served version even when the event on the topic is unusable.
 */
public final class ChampionFiles implements StoredChampions {

    /** The file beside a model's version folders naming the served one. */
    static final String FILE = "champion.json";

    private final ArtifactStore store;

    public ChampionFiles(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public Optional<ModelPromoted> champion(String model) throws IOException {
        String key = StoreKeys.modelVersions(model) + "/" + FILE;
        if (!store.exists(key)) {
            return Optional.empty();
        }
        Champion champion = StoreJson.read(store.read(key), Champion.class);
        if (!model.equals(champion.model()) || !StoreKeys.isValidName(champion.version())) {
            throw new IOException(key + " does not name a version of model " + model + ": " + champion);
        }
        return Optional.of(new ModelPromoted(champion.eventId(), model, champion.version(),
                StoreKeys.modelVersion(model, champion.version()), champion.jobId(), null, null,
                champion.testAccuracy(), champion.promotedAt()));
    }

    /** The fields of the trainer's {@code champion.json} that serving uses; the others are ignored. */
    record Champion(String model, String version, double testAccuracy, String jobId, String eventId,
                    Instant promotedAt) {
    }
}
