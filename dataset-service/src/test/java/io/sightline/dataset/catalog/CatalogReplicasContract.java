package io.sightline.dataset.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Two catalogs on one store, as two dataset-service replicas have them: version ids claimed at the same moment are
 * distinct, and each replica sees the other's versions.
 */
abstract class CatalogReplicasContract {

    private static final int PER_REPLICA = 8;

    abstract ArtifactStore store();

    @Test
    void replicasAssigningAtOnceGetDistinctIdsAndSeeEachOthers() throws Exception {
        String dataset = "pets-" + System.nanoTime();
        DatasetCatalog a = new DatasetCatalog(store(), Duration.ZERO);
        DatasetCatalog b = new DatasetCatalog(store(), Duration.ZERO);
        a.recover(Instant.now());
        b.recover(Instant.now());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<List<DatasetVersion>>> replicas = new ArrayList<>();
        try {
            for (DatasetCatalog catalog : List.of(a, b)) {
                replicas.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    List<DatasetVersion> assigned = new ArrayList<>();
                    for (int i = 0; i < PER_REPLICA; i++) {
                        assigned.add(catalog.assign(dataset, Instant.now()));
                    }
                    return assigned;
                }));
            }
            List<String> fromA = ids(replicas.get(0).get(60, TimeUnit.SECONDS));
            List<String> fromB = ids(replicas.get(1).get(60, TimeUnit.SECONDS));

            List<String> every = IntStream.rangeClosed(1, 2 * PER_REPLICA).mapToObj(Integer::toString).toList();
            assertThat(concat(fromA, fromB)).containsExactlyInAnyOrderElementsOf(every);
            // each journal entry is the PENDING state its own replica assigned: no id was written over
            for (String id : fromA) {
                assertThat(journalled(dataset, id).submittedAt()).isEqualTo(a.find(dataset, id).orElseThrow()
                        .submittedAt());
            }
            assertThat(ids(List.copyOf(a.all(dataset)))).containsExactlyElementsOf(every);
            assertThat(ids(List.copyOf(b.all(dataset)))).containsExactlyElementsOf(every);
            assertThat(b.find(dataset, fromA.get(0))).get().extracting(DatasetVersion::status)
                    .isEqualTo(VersionStatus.PENDING);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReplicaSeesAnotherReplicasFinishedAndDeletedVersions() throws Exception {
        String dataset = "cats-" + System.nanoTime();
        DatasetCatalog a = new DatasetCatalog(store(), Duration.ZERO);
        DatasetCatalog b = new DatasetCatalog(store(), Duration.ZERO);
        DatasetVersion one = a.assign(dataset, Instant.now());
        DatasetVersion two = a.assign(dataset, Instant.now());
        assertThat(b.names()).contains(dataset);
        a.record(one.rejected("bad", List.of("bad"), null, Instant.now()));
        a.record(two.rejected("worse", List.of("worse"), null, Instant.now()).deleted(
                new Deletion(Instant.now(), "someone", "test", false, List.of())));

        assertThat(b.find(dataset, "1")).get().extracting(DatasetVersion::status).isEqualTo(VersionStatus.REJECTED);
        assertThat(b.find(dataset, "2")).get().matches(DatasetVersion::gone);
        assertThat(b.assign(dataset, Instant.now()).version()).isEqualTo("3");
    }

    private DatasetVersion journalled(String dataset, String id) throws Exception {
        return StoreJson.read(store().read(DatasetCatalog.journalKey(dataset, id)), DatasetVersion.class);
    }

    private static List<String> ids(List<DatasetVersion> versions) {
        return versions.stream().map(DatasetVersion::version).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
