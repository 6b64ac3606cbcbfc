package io.sightline.dataset.rest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A fresh, empty artefact store per test run, removed afterwards. */
public class TempStoreResource implements QuarkusTestResourceLifecycleManager {

    private Path store;

    @Override
    public Map<String, String> start() {
        try {
            store = Files.createTempDirectory("sightline-store-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("sightline.store.uri", store.toUri().toString());
    }

    @Override
    public void stop() {
        try (Stream<Path> walk = Files.walk(store)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
