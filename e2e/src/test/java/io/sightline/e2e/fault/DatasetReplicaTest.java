package io.sightline.e2e.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.Eventually;
import io.sightline.e2e.LocalStack.Replica;
import io.sightline.e2e.LocalStack.Service;
import io.sightline.e2e.ShapesDataset;
import io.sightline.e2e.SightlineClient;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A second dataset-service process joins the stack's, on the same store: imports posted to both at the same
 * moment get distinct version numbers (journal entries created only if absent), and each replica lists both
 * (decision 096).
 */
@Tag("stack")
@ExtendWith(FaultStack.class)
class DatasetReplicaTest {

    private static final String DATASET = "replicated";

    @Test
    void replicasImportingAtOnceGetDistinctVersionsAndBothListBoth() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path root = FaultStack.running().imports();
        Path one = new ShapesDataset(32, 101).write(root.resolve("replicated-a"), 12);
        Path two = new ShapesDataset(32, 102).write(root.resolve("replicated-b"), 12);
        SightlineClient first = FaultStack.client();
        try (Replica replica = FaultStack.stack().startReplica(Service.DATASET, port,
                Map.of("dataset-service:sightline.dataset.work-dir",
                        FaultStack.running().logs().resolveSibling("dataset-work-" + port).toString()),
                FaultStack.START_TIMEOUT)) {
            SightlineClient second = new SightlineClient(replica.url(), first.trainerUrl(), first.inferenceUrl());
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService posters = Executors.newFixedThreadPool(2);
            List<Future<String>> posted = new ArrayList<>();
            try {
                for (var pair : List.of(Map.entry(first, one), Map.entry(second, two))) {
                    posted.add(posters.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return pair.getKey().createDataset(DATASET, pair.getValue().toString(), 0.25, 7)
                                .requireStatus(202).body().path("version").asText();
                    }));
                }
                String onFirst = posted.get(0).get(60, TimeUnit.SECONDS);
                String onSecond = posted.get(1).get(60, TimeUnit.SECONDS);
                System.out.printf("replica 1 assigned version %s, replica 2 version %s%n", onFirst, onSecond);
                assertThat(onFirst).isNotEqualTo(onSecond);

                // each replica answers for the other's version at once: a miss reads the journal
                assertThat(second.datasetResource("/datasets/" + DATASET + "/versions/" + onFirst).status())
                        .isEqualTo(200);
                assertThat(first.datasetResource("/datasets/" + DATASET + "/versions/" + onSecond).status())
                        .isEqualTo(200);
                for (var pair : List.of(Map.entry(first, onFirst), Map.entry(second, onSecond))) {
                    JsonNode done = pair.getKey().await(pair.getKey().datasetUrl().resolve("/datasets/" + DATASET
                                    + "/versions/" + pair.getValue()), SightlineClient.statusIn("READY", "REJECTED"),
                            Duration.ofMinutes(2));
                    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("READY");
                }
                for (SightlineClient replicaClient : List.of(first, second)) {
                    JsonNode listed = Eventually.until(Duration.ofSeconds(10), Duration.ofMillis(200),
                            () -> replicaClient.datasetResource("/datasets/" + DATASET).body(),
                            body -> body != null && body.path("versions").size() == 2
                                    && body.path("versions").findValuesAsText("status").stream()
                                    .allMatch("READY"::equals),
                            body -> "both versions not listed READY by " + replicaClient.datasetUrl() + ": " + body
                                    + "\nreplica log:\n" + replica.logTail(30));
                    assertThat(listed.path("versions").findValuesAsText("version"))
                            .containsExactlyInAnyOrder(onFirst, onSecond);
                }
            } finally {
                posters.shutdownNow();
            }
        }
    }
}
