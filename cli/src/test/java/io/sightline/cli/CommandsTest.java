package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command against fakes of the services: requests sent, output, exit codes. */
class CommandsTest {

    private static final String READY = """
            {"name":"shapes","version":"1","status":"READY","digest":"sha256:0123456789abcdef0123",
             "counts":{"disc":{"train":30,"test":10,"validation":0,"total":40},
                       "vertical":{"train":29,"test":11,"validation":0,"total":40}},
             "verification":{"passed":true,"sourceFiles":80,"images":80,"reconciled":true,"blobsChecked":80,
               "originalsChecked":80,"corrupt":0,"duplicates":1,"ignored":2,"leakedContent":0,"labelConflicts":0,
               "nearDuplicatePairs":3,"smallClasses":[],"notes":[]},
             "submittedAt":"2026-01-01T00:00:00Z","completedAt":"2026-01-01T00:00:03.2Z","progress":null}""";

    @TempDir
    Path work;

    private FakeService dataset;
    private FakeService trainer;
    private FakeService inference;
    private Map<String, String> env;

    @BeforeEach
    void fakes() throws IOException {
        dataset = new FakeService();
        trainer = new FakeService();
        inference = new FakeService();
        env = Map.of("SIGHTLINE_DATASET_URL", dataset.url().toString(),
                "SIGHTLINE_TRAINER_URL", trainer.url().toString(),
                "SIGHTLINE_INFERENCE_URL", inference.url().toString(),
                "SIGHTLINE_AUTH_TOKEN", "s3cret");
    }

    @AfterEach
    void stop() {
        dataset.close();
        trainer.close();
        inference.close();
    }

    private Run run(String... args) {
        return Run.of(env, args);
    }

    @Test
    void datasetCreateFromADirectoryPostsItsAbsolutePathFollowsTheSplitAndSummarises() throws IOException {
        Path dir = Files.createDirectories(work.resolve("shapes/disc"));
        dataset.on("POST /datasets", 202, "{\"name\":\"shapes\",\"version\":\"1\",\"status\":\"PENDING\"}")
                .on("GET /datasets/shapes/versions/1", 200,
                        "{\"status\":\"PENDING\",\"progress\":null}",
                        "{\"status\":\"SPLITTING\",\"progress\":{\"stage\":\"read\",\"done\":10,\"total\":80}}",
                        READY);

        Run run = run("dataset", "create", "shapes", "--from", dir.getParent().toString(), "--test-ratio", "0.25",
                "--seed", "7", "--progress");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        JsonNode posted = ServiceClient.JSON.readTree(dataset.requests.get(0).text());
        assertThat(posted.path("name").asText()).isEqualTo("shapes");
        assertThat(posted.path("source").asText()).isEqualTo(dir.getParent().toAbsolutePath().toString());
        assertThat(posted.path("testRatio").asDouble()).isEqualTo(0.25);
        assertThat(posted.path("seed").asLong()).isEqualTo(7);
        assertThat(posted.has("validationRatio")).as("unset options are left to the service").isFalse();
        assertThat(dataset.requests.get(0).header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(run.out()).contains("dataset shapes version 1: READY in 3.2 s")
                .containsPattern("disc\\s+30\\s+10\\s+0\\s+40")
                .containsPattern("\\(all\\)\\s+59\\s+21\\s+0\\s+80")
                .contains("verification: passed, 80 images from 80 source files, counts reconciled")
                .contains("duplicates 1, ignored 2").contains("near-duplicate pairs 3");
        assertThat(run.err()).as("progress on stderr with --progress").contains("splitting read").contains("10/80");
    }

    @Test
    void aRejectedDatasetExitsOneWithTheReasonAndProblems() {
        dataset.on("POST /datasets", 202, "{\"name\":\"bad\",\"version\":\"2\",\"status\":\"PENDING\"}")
                .on("GET /datasets/bad/versions/2", 200, """
                        {"name":"bad","version":"2","status":"REJECTED","reason":"1 corrupt file",
                         "problems":["cats/x.png: not an image"]}""");

        Run run = run("dataset", "create", "bad", "--from", work.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).contains("REJECTED").contains("reason: 1 corrupt file").contains("- cats/x.png: not an image");
        assertThat(run.err()).as("no progress when stderr is no terminal").isEmpty();
    }

    @Test
    void anArchiveIsStreamedToTheArchiveEndpointWithTheOptionsAsQueryParameters() throws IOException {
        byte[] archive = new byte[200_000];
        for (int i = 0; i < archive.length; i++) {
            archive[i] = (byte) (i * 31);
        }
        Path file = Files.write(work.resolve("pets.tar.gz"), archive);
        dataset.on("POST /datasets/pets/archive", 202, "{\"name\":\"pets\",\"version\":\"1\",\"status\":\"PENDING\"}")
                .on("GET /datasets/pets/versions/1", 200, READY.replace("shapes", "pets"));

        Run run = run("-o", "json", "dataset", "create", "pets", "--from", file.toString(), "--val-ratio", "0.1",
                "--group-pattern", "^[^/]+/([^_]+)_");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        FakeService.Request upload = dataset.requests.get(0);
        assertThat(upload.body()).isEqualTo(archive);
        assertThat(upload.header("Content-type")).isEqualTo("application/gzip");
        assertThat(upload.query()).isEqualTo("validationRatio=0.1&groupPattern=%5E%5B%5E%2F%5D%2B%2F%28%5B%5E_%5D%2B%29_");
        assertThat(ServiceClient.JSON.readTree(run.out()).path("status").asText())
                .as("JSON mode: stdout is the version document only").isEqualTo("READY");
    }

    @Test
    void aRequestTheServerRefusesShowsItsErrorTextAndIsAUsageError() {
        dataset.on("POST /datasets", 400, "{\"error\":\"testRatio must be between 0 and 1, got 1.5\"}");

        Run run = run("dataset", "create", "x", "--from", work.toString(), "--test-ratio", "1.5");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("dataset-service: testRatio must be between 0 and 1, got 1.5 (HTTP 400)");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("dataset", "create", "x").exitCode()).as("missing --from").isEqualTo(ExitCodes.USAGE);
        assertThat(run("train", "--model", "m").exitCode()).as("missing --dataset").isEqualTo(ExitCodes.USAGE);
        assertThat(run("predict", "m", "--top-k", "two", "a.png").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        Run missing = run("dataset", "create", "x", "--from", work.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("no such directory or archive");
        assertThat(dataset.requests).isEmpty();
    }

    @Test
    void unknownThingsExitFour() {
        dataset.on("GET /datasets/nope", 404, "{\"error\":\"unknown dataset nope\"}");

        Run run = run("dataset", "show", "nope");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(run.err()).contains("dataset-service: unknown dataset nope (HTTP 404)");
    }

    @Test
    void aServiceThatIsDownExitsThreeNamingItsUrlAndHowToStartIt() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        Run run = run("models", "--trainer-url", "http://127.0.0.1:" + closed);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach the trainer-service at http://127.0.0.1:" + closed)
                .contains("connection refused")
                .contains("java -jar trainer-service/target/quarkus-app/quarkus-run.jar")
                .contains("--trainer-url, SIGHTLINE_TRAINER_URL");
    }

    @Test
    void trainFollowsTheJobEpochByEpochAndEndsWithTheVersionAndReport() throws IOException {
        trainer.on("POST /training-jobs", 202, "{\"jobId\":\"j1\",\"status\":\"QUEUED\",\"model\":\"m\","
                        + "\"dataset\":\"shapes\",\"datasetVersion\":\"1\"}")
                .on("GET /training-jobs/j1", 200,
                        "{\"jobId\":\"j1\",\"status\":\"QUEUED\",\"epochs\":[],\"parameters\":{\"epochs\":2}}",
                        "{\"jobId\":\"j1\",\"status\":\"RUNNING\",\"worker\":\"w1\",\"parameters\":{\"architecture\":"
                                + "\"cnn\",\"epochs\":2,\"batchSize\":16,\"learningRate\":0.002,\"imageSize\":32,"
                                + "\"seed\":3},\"epochs\":[" + epoch(1) + "]}",
                        // published, the gate has not decided yet
                        "{\"jobId\":\"j1\",\"model\":\"m\",\"status\":\"COMPLETED\",\"epochs\":[" + epoch(1) + ","
                                + epoch(2) + "],\"modelVersion\":\"4\",\"promoted\":null}",
                        "{\"jobId\":\"j1\",\"model\":\"m\",\"status\":\"COMPLETED\",\"epochs\":[" + epoch(1) + ","
                                + epoch(2) + "],\"modelVersion\":\"4\",\"testAccuracy\":0.91,\"testLoss\":0.2,"
                                + "\"promoted\":true,\"promotion\":\"first version\","
                                + "\"startedAt\":\"2026-01-01T00:00:00Z\",\"finishedAt\":\"2026-01-01T00:00:09Z\"}")
                .on("GET /models/m", 200, "{\"name\":\"m\",\"versions\":[{\"version\":\"4\","
                        + "\"artifactKey\":\"models/m/4\"}]}");

        Run run = run("train", "--model", "m", "--dataset", "shapes:1", "--epochs", "2", "--lr", "0.002",
                "--arch", "CNN", "--batch-size", "16");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        JsonNode posted = ServiceClient.JSON.readTree(trainer.requests.get(0).text());
        assertThat(posted.toString()).isEqualTo("{\"model\":\"m\",\"dataset\":\"shapes\",\"datasetVersion\":\"1\","
                + "\"architecture\":\"cnn\",\"epochs\":2,\"batchSize\":16,\"learningRate\":0.002}");
        assertThat(run.out()).contains("job j1 queued").contains("running on w1: cnn, 2 epochs, batch 16, lr 0.002")
                .contains("epoch 1/2  loss 0.5000").contains("epoch 2/2")
                .contains("COMPLETED in 9.0 s: model m version 4, test accuracy 0.910")
                .contains("promoted: first version")
                .contains("report: models/m/4/report.html in the artefact store");
    }

    @Test
    void trainWithAnAutomaticRatePrintsTheChosenRateAndTheFindingsAtTheEnd() throws IOException {
        String finding = "{\"kind\":\"over-fitting\",\"epoch\":2,\"evidence\":\"train/validation accuracy gap"
                + " 0.180 at epoch 2\",\"suggestion\":\"augmentation flip,crop\"}";
        trainer.on("POST /training-jobs", 202, "{\"jobId\":\"j3\",\"status\":\"QUEUED\",\"model\":\"m\","
                        + "\"dataset\":\"shapes\",\"datasetVersion\":\"1\"}")
                .on("GET /training-jobs/j3", 200,
                        "{\"jobId\":\"j3\",\"status\":\"RUNNING\",\"worker\":\"w1\",\"parameters\":{\"architecture\":"
                                + "\"cnn\",\"epochs\":2,\"batchSize\":16,\"learningRate\":0,\"learningRateAuto\":true,"
                                + "\"seed\":3},\"epochs\":[" + epoch(1) + "]}",
                        "{\"jobId\":\"j3\",\"model\":\"m\",\"status\":\"COMPLETED\",\"epochs\":[" + epoch(1) + ","
                                + epoch(2) + "],\"modelVersion\":\"5\",\"testAccuracy\":0.8,\"testLoss\":0.4,"
                                + "\"promoted\":false,\"promotion\":\"below the champion\",\"parameters\":"
                                + "{\"learningRate\":0.0021,\"learningRateAuto\":true},\"findings\":[" + finding + "]}")
                .on("GET /models/m", 200, "{\"name\":\"m\",\"versions\":[]}");

        Run run = run("train", "-m", "m", "-d", "shapes:1", "--lr", "AUTO");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(ServiceClient.JSON.readTree(trainer.requests.get(0).text()).path("learningRate").asText())
                .isEqualTo("auto");
        assertThat(run.out()).contains("running on w1: cnn, 2 epochs, batch 16, lr auto (range test)")
                .contains("finding over-fitting at epoch 2: train/validation accuracy gap 0.180 at epoch 2;"
                        + " suggestion: augmentation flip,crop");
    }

    @Test
    void aFailedJobExitsOneWithItsReasonAndJsonCarriesTheJob() throws IOException {
        trainer.on("POST /training-jobs", 202, "{\"jobId\":\"j2\",\"status\":\"QUEUED\"}")
                .on("GET /training-jobs/j2", 200, "{\"jobId\":\"j2\",\"status\":\"FAILED\",\"epochs\":[],"
                        + "\"reason\":\"dataset shapes version 9 is not in the store\"}");

        Run run = run("train", "-m", "m", "-d", "shapes", "--output", "json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        JsonNode job = ServiceClient.JSON.readTree(run.out());
        assertThat(job.path("status").asText()).isEqualTo("FAILED");
        assertThat(job.path("reason").asText()).contains("version 9");
    }

    @Test
    void predictPrintsATopKTablePerImageAndKeepsGoingPastAnUnreadableOne() throws IOException {
        Path good = Files.write(work.resolve("a.png"), new byte[] {1, 2, 3});
        Path bad = Files.write(work.resolve("b.jpg"), new byte[] {4});
        FakeService picky = new FakeService();
        try (picky) {
            picky.on("POST /predict/shapes", 200, "{\"model\":\"shapes\",\"version\":\"2\",\"predictions\":["
                    + "{\"label\":\"disc\",\"probability\":0.912},{\"label\":\"vertical\",\"probability\":0.071}],"
                    + "\"latencyMs\":1.25}");
            Run ok = run("predict", "shapes", good.toString(), "--top-k", "2", "--inference-url", picky.url().toString());
            assertThat(ok.exitCode()).as(ok.err()).isEqualTo(0);
            assertThat(picky.requests.get(0).query()).isEqualTo("topK=2");
            assertThat(picky.requests.get(0).header("Content-type")).isEqualTo("image/png");
            assertThat(picky.requests.get(0).body()).containsExactly(1, 2, 3);
            assertThat(ok.out()).contains(good + "  →  shapes v2  (1.25 ms)")
                    .containsPattern("1\\s+disc\\s+91\\.2%").containsPattern("2\\s+vertical\\s+7\\.1%");
        }

        FakeService refusing = new FakeService();
        try (refusing) {
            refusing.on("POST /predict/shapes", new FakeService.Answer(200, "{\"model\":\"shapes\",\"version\":\"2\","
                    + "\"predictions\":[],\"latencyMs\":1}", Map.of()));
            refusing.on("POST /predict/shapes", new FakeService.Answer(400, "{\"error\":\"not a readable image\"}",
                    Map.of()));
            Run mixed = run("-o", "json", "predict", "shapes", good.toString(), bad.toString(), "--inference-url",
                    refusing.url().toString());
            assertThat(mixed.exitCode()).isEqualTo(ExitCodes.FAILED);
            JsonNode results = ServiceClient.JSON.readTree(mixed.out());
            assertThat(results).hasSize(2);
            assertThat(results.get(0).path("version").asText()).isEqualTo("2");
            assertThat(results.get(1).path("error").asText()).isEqualTo("not a readable image");
            assertThat(refusing.requests.get(1).header("Content-type")).isEqualTo("image/jpeg");
        }
    }

    @Test
    void predictOnAnUnknownModelExitsFourAndANotLoadedOneExitsOneWithRetryAfter() throws IOException {
        Path image = Files.write(work.resolve("a.png"), new byte[] {1});
        inference.on("POST /predict/nope", 404, "{\"error\":\"no model nope was promoted\"}")
                .on("POST /predict/cold", new FakeService.Answer(503, "{\"error\":\"cold is loading version 1\"}",
                        Map.of("Retry-After", "5")));

        Run unknown = run("predict", "nope", image.toString());
        Run cold = run("predict", "cold", image.toString());

        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("inference-service: no model nope was promoted (HTTP 404)");
        assertThat(cold.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(cold.err()).contains("cold is loading version 1").contains("retry in 5 s");
    }

    @Test
    void statusReportsEachServiceKafkaAndServedModels() throws IOException {
        String up = "{\"status\":\"UP\",\"checks\":[{\"name\":\"SmallRye Reactive Messaging - readiness check\","
                + "\"status\":\"UP\"}]}";
        dataset.on("GET /q/health/ready", 200, up);
        trainer.on("GET /q/health/ready", 503, "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"SmallRye Reactive"
                + " Messaging - readiness check\",\"status\":\"DOWN\",\"data\":{\"training-requests\":\"[KO]\"}}]}");
        inference.on("GET /q/health/ready", 200, up)
                .on("GET /models", 200, "[{\"model\":\"shapes\",\"state\":\"SERVING\",\"servingVersion\":\"2\","
                        + "\"classes\":[\"a\",\"b\",\"c\"],\"loadedAt\":\"2026-01-01T00:00:00Z\"}]");

        Run run = run("status");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.out()).containsPattern("dataset-service\\s+\\S+\\s+UP\\s+UP")
                .containsPattern("trainer-service\\s+\\S+\\s+DOWN\\s+DOWN")
                .contains("training-requests")
                .containsPattern("shapes\\s+SERVING\\s+2\\s+3");

        Run json = run("status", "--output", "json");
        JsonNode status = ServiceClient.JSON.readTree(json.out());
        assertThat(status.path("services").get(1).path("ready").asBoolean()).isFalse();
        assertThat(status.path("services").get(1).path("kafka").asText()).isEqualTo("DOWN");
        assertThat(status.path("models").get(0).path("servingVersion").asText()).isEqualTo("2");
    }

    @Test
    void modelsJoinTheRegistryWithWhatServesAndPromoteSendsTheToken() throws IOException {
        trainer.on("GET /models", 200, "[{\"name\":\"shapes\",\"versions\":2,\"latestVersion\":\"2\","
                        + "\"championVersion\":\"1\"}]")
                .on("POST /models/shapes/versions/2/promote", 200, "{\"eventId\":\"e\",\"model\":\"shapes\","
                        + "\"version\":\"2\",\"testAccuracy\":0.9}");
        inference.on("GET /models", 200, "[{\"model\":\"shapes\",\"state\":\"SERVING\",\"servingVersion\":\"1\"}]")
                .on("GET /models/shapes", 200, "{\"model\":\"shapes\",\"state\":\"LOADING\",\"servingVersion\":\"1\"}",
                        "{\"model\":\"shapes\",\"state\":\"SERVING\",\"servingVersion\":\"2\"}");

        Run models = run("models");
        Run promote = run("promote", "shapes", "2", "--wait");

        assertThat(models.exitCode()).isEqualTo(0);
        assertThat(models.out()).containsPattern("shapes\\s+2\\s+2\\s+1\\s+SERVING v1");
        assertThat(promote.exitCode()).as(promote.err()).isEqualTo(0);
        assertThat(promote.out()).contains("model shapes version 2 promoted")
                .contains("inference-service serves shapes version 2");
        assertThat(trainer.requests.get(1).header("Authorization")).isEqualTo("Bearer s3cret");
    }

    @Test
    void jsonOutputMayBeGivenAfterTheSubcommandAndErrorsAreJsonToo() throws IOException {
        dataset.on("GET /datasets", 200, "[{\"name\":\"shapes\",\"latestVersion\":\"1\",\"versions\":1}]");

        Run list = run("dataset", "list", "--output", "json");
        Run error = run("dataset", "show", "nope", "-o", "json");

        assertThat(ServiceClient.JSON.readTree(list.out()).get(0).path("name").asText()).isEqualTo("shapes");
        JsonNode body = ServiceClient.JSON.readTree(error.out());
        assertThat(body.path("exitCode").asInt()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(body.path("error").asText()).contains("dataset-service");
    }

    @Test
    void refusalsSayWhyAndWhereATokenComesFrom() throws IOException {
        trainer.on("POST /models/shapes/versions/2/promote", 403,
                "{\"error\":\"the bearer token of 'ci' lacks the admin role this endpoint needs\"}");
        dataset.on("GET /datasets", 401, "{\"error\":\"invalid bearer token\"}");

        Run forbidden = run("promote", "shapes", "2");
        Run rejected = run("dataset", "list");
        Run anonymous = Run.of(Map.of("SIGHTLINE_DATASET_URL", dataset.url().toString()), "dataset", "list");

        assertThat(forbidden.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(forbidden.err()).contains("lacks the admin role").contains("(HTTP 403)")
                .contains("The token (from env SIGHTLINE_AUTH_TOKEN) is valid but lacks the role this call needs");
        assertThat(rejected.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(rejected.err()).contains("The token (from env SIGHTLINE_AUTH_TOKEN) was not accepted")
                .contains("--token, SIGHTLINE_AUTH_TOKEN or auth.token");
        assertThat(anonymous.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(anonymous.err()).contains("No token was sent").contains("--token, SIGHTLINE_AUTH_TOKEN");
    }

    private static String epoch(int n) {
        return "{\"epoch\":" + n + ",\"epochs\":2,\"trainLoss\":0.5,\"trainAccuracy\":0.8,\"learningRate\":0.002,"
                + "\"durationMs\":1000}";
    }
}
