package io.sightline.trainer.jobs.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.ModelPromoted;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.S3Proxy;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import io.sightline.vision.Classifier;
import io.sightline.vision.ModelArtifact;
import io.sightline.vision.Prediction;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.datasets.PublishedDatasets;

/** The trainer on an S3 store (a real S3 server, s3proxy): reads the dataset's blobs, publishes the model there. */
@Tag("process") // s3proxy runs as its own JVM
class S3StoreTrainingTest {

    @TempDir
    Path work;

    @Test
    void trainsFromAndPublishesToS3() throws Exception {
        try (S3Proxy s3 = S3Proxy.start(work)) {
            s3.createBucket("sightline");
            // the AWS default credential chain reads these
            System.setProperty("aws.accessKeyId", S3Proxy.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", S3Proxy.SECRET_KEY);
            ArtifactStore store = ArtifactStore.connect("s3://sightline/prod?endpoint=" + s3.endpoint());
            TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(16, 0, 6), 3);
            RecordingEvents events = new RecordingEvents();
            PublishedModels registry = new PublishedModels(store);
            Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0.0), events, Clock.systemUTC(),
                    Duration.ofSeconds(5));
            TrainingWorker worker = TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store))
                    .setModels(registry).setPromoter(promoter).setBoard(new JobBoard()).setEvents(events)
                    .setTrainer(new ImageClassifierTrainer()).setMeters(new SimpleMeterRegistry())
                    .setClock(Clock.systemUTC()).setWorkerName("s3-worker").setSendTimeout(Duration.ofSeconds(5))
                    .build();

            JobOutcome outcome = worker.run(new TrainingRequested(UUID.randomUUID().toString(), "shapes-s3", "shapes",
                    "1", TrainingParameters.builder().setArchitecture("cnn").setEpochs(3).setBatchSize(8)
                            .setLearningRate(0.002).setImageSize(16).setSeed(42).build(), "api", Instant.now()));

            assertThat(outcome).isEqualTo(JobOutcome.COMPLETED);
            assertThat(events.of(ModelPromoted.class)).singleElement()
                    .satisfies(p -> assertThat(p.artifactKey()).isEqualTo(StoreKeys.modelVersion("shapes-s3", "1")));
            try (S3Client client = s3.client()) {
                assertThat(client.listObjectsV2(b -> b.bucket("sightline").prefix("prod/models/shapes-s3/1/"))
                        .contents()).extracting(o -> o.key().substring(o.key().lastIndexOf('/') + 1))
                        .contains(StoreKeys.MODEL_PARAMS, StoreKeys.SIGNATURE, StoreKeys.METRICS, StoreKeys.REPORT,
                                ".published");
            }
            // what the inference-service does: fetch the published folder and serve it
            try (Classifier classifier = ModelArtifact.load(
                    store.localFolder(StoreKeys.modelVersion("shapes-s3", "1")))) {
                List<List<Prediction>> top = classifier.classify(
                        List.of(TestDatasets.freshImage("disc", 77)), 3);
                assertThat(top.get(0)).hasSize(3);
            }
        }
    }
}
