package io.sightline.inference.registry;

import io.sightline.events.ModelPromoted;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Champion;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.util.Optional;

/**
 * Champions as the trainer records them in the store: {@link StoreKeys#champion} ({@link Champion}), written
 * before the promotion event is sent, so the file names the served version even when the event on the topic
 * is unusable.
 */
public final class ChampionFiles implements StoredChampions {

    private final ArtifactStore store;

    public ChampionFiles(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public Optional<ModelPromoted> champion(String model) throws IOException {
        String key = StoreKeys.champion(model);
        if (!store.exists(key)) {
            return Optional.empty();
        }
        Champion champion = StoreJson.read(store.read(key), Champion.class);
        if (!model.equals(champion.model()) || !StoreKeys.isValidName(champion.version())) {
            throw new IOException(key + " does not name a version of model " + model + ": " + champion);
        }
        return Optional.of(ModelPromoted.withoutDataset(champion.eventId(), model, champion.version(),
                StoreKeys.modelVersion(model, champion.version()), champion.jobId(), champion.testAccuracy(),
                champion.promotedAt()));
    }
}
