package io.sightline.trainer.jobs.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.registry.PublishedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that crashes its worker's JVM (Runtime.halt at its first batch, the test hook) is started by three worker
 * JVMs in turn, each dying with it; the fourth fails it with the reason and acknowledges it, and the next job on the
 * queue runs.
 */
@Tag("process") // each worker is a JVM of its own
class CrashLoopTest {

    @TempDir
    Path dir;

    @Test
    void aJobThatKillsItsWorkerIsFailedAfterThreeStartsAndTheQueueMovesOn() throws Exception {
        ArtifactStore store = new FileArtifactStore(dir.resolve("store"));
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(8, 2, 4), 8);
        Path queue = Files.createDirectories(dir.resolve("queue"));
        TrainingRequested crashy = request(QueueWorkerProcess.CRASHING_MODEL);
        TrainingRequested healthy = request("healthy");
        Files.write(queue.resolve("1.json"), StoreJson.write(crashy));
        Files.write(queue.resolve("2.json"), StoreJson.write(healthy));

        List<Integer> exits = new ArrayList<>();
        Path log = dir.resolve("workers.log");
        for (int start = 0; start < 6 && !Files.exists(queue.resolve("2.json.ack")); start++) {
            Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Dai.djl.pytorch.num_threads=1",
                    QueueWorkerProcess.class.getName(), dir.resolve("store").toString(), queue.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!worker.waitFor(120, TimeUnit.SECONDS)) {
                worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            exits.add(worker.exitValue());
        }

        String workers = Files.readString(log);
        assertThat(exits).as("halted three times, then ran the queue to its end:%n%s", workers)
                .containsExactly(137, 137, 137, 0);
        assertThat(Files.readString(queue.resolve("1.json.ack")))
                .isEqualTo("FAILED\tthe worker died 3 times; last seen in epoch 1");
        assertThat(Files.readString(queue.resolve("2.json.ack"))).isEqualTo("COMPLETED\t");
        assertThat(new PublishedModels(store).versions("healthy")).containsExactly("1");
        assertThat(new PublishedModels(store).versions(QueueWorkerProcess.CRASHING_MODEL)).isEmpty();
    }

    private static TrainingRequested request(String model) {
        return new TrainingRequested(UUID.randomUUID().toString(), model, "shapes", "1",
                TrainingParameters.builder().setArchitecture("cnn").setEpochs(1).setBatchSize(8)
                        .setLearningRate(0.003).setImageSize(16).setSeed(5).build(), "api", Instant.now());
    }
}
