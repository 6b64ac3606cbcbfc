package io.sightline.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Many threads call {@link ArtifactStore#createIfAbsent} on one key at the same moment; tells who won. */
final class CreateRace {

    private CreateRace() {
    }

    /** The contents ({@code racer-<i>}) whose {@code createIfAbsent} returned true. */
    static List<String> winners(ArtifactStore store, String key, int racers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch ready = new CountDownLatch(racers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                byte[] content = ("racer-" + i).getBytes(StandardCharsets.UTF_8);
                Callable<Boolean> racer = () -> {
                    ready.countDown();
                    go.await();
                    return store.createIfAbsent(key, content);
                };
                results.add(pool.submit(racer));
            }
            ready.await();
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                if (results.get(i).get()) {
                    winners.add("racer-" + i);
                }
            }
            return winners;
        } finally {
            pool.shutdownNow();
        }
    }
}
