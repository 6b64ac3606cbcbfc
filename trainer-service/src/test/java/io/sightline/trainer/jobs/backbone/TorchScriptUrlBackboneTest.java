package io.sightline.trainer.jobs.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.PairList;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.TorchScriptFixture;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import io.sightline.vision.ArchitectureSpec;
import io.sightline.vision.Architectures;
import io.sightline.vision.BackboneBlock;
import io.sightline.vision.ModelArtifact;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.queue.JobRequest;
import io.sightline.trainer.jobs.board.JobStatus;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.jobs.worker.TrainingWorker;

/**
 * A TorchScript backbone given as a URL, served by a real HTTP server the policy allows (its host, http, its loopback
 * address as a private network, the files pinned): the job trains on it and names it and its SHA-256 as its base; a
 * URL that is missing, serves something else or a module that refuses RGB input is queued (the request fetches
 * nothing) and fails the job once, with a reason naming the URL and never quoting the server.
 */
@Tag("process") // Python writes the TorchScript fixtures
class TorchScriptUrlBackboneTest {

    @TempDir
    static Path dir;

    static ArtifactStore store;
    static PublishedModels registry;
    static BackboneServer server;
    static boolean torch;
    static byte[] backbone;
    static BackbonePolicy policy;

    RecordingEvents events;
    JobBoard board;

    @BeforeAll
    static void serveBackbones() throws Exception {
        store = new FileArtifactStore(dir.resolve("store"));
        registry = new PublishedModels(store);
        TestDatasets.publish(store, "shapes-small", "1", new TestDatasets.Split(2, 0, 4), 99);
        torch = TorchScriptFixture.write(dir.resolve("backbone.pt"), 3)
                && TorchScriptFixture.write(dir.resolve("gray.pt"), 1);
        if (!torch) {
            Files.write(dir.resolve("gray.pt"), new byte[0]);
        }
        Files.writeString(dir.resolve("login.pt"), "<html><body>Please sign in</body></html>");
        backbone = torch ? Files.readAllBytes(dir.resolve("backbone.pt")) : new byte[0];
        server = new BackboneServer()
                .file("/backbone.pt", backbone, "application/octet-stream")
                .file("/gray.pt", Files.readAllBytes(dir.resolve("gray.pt")), "application/octet-stream")
                .file("/login.pt", Files.readAllBytes(dir.resolve("login.pt")), "text/html")
                .status("/missing.pt", 404);
        policy = BackboneDownloadTest.localServer(server).withPins(Map.of(
                server.url("/backbone.pt"), BackboneDownloadTest.sha256(backbone),
                server.url("/gray.pt"), BackboneDownloadTest.sha256(Files.readAllBytes(dir.resolve("gray.pt"))),
                server.url("/login.pt"), BackboneDownloadTest.sha256(Files.readAllBytes(dir.resolve("login.pt"))),
                server.url("/missing.pt"), "0".repeat(64)));
    }

    @AfterAll
    static void stopServing() throws Exception {
        server.close();
        for (String path : List.of("/backbone.pt", "/gray.pt", "/login.pt", "/missing.pt")) {
            Files.deleteIfExists(BackboneDownload.defaults(policy).fileFor(server.url(path)));
        }
    }

    @BeforeEach
    void freshEvents() {
        events = new RecordingEvents();
        board = new JobBoard();
    }

    private TrainingWorker worker() {
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        return TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setPromoter(promoter).setBoard(board).setEvents(events).setTrainer(new ImageClassifierTrainer())
                .setMeters(new SimpleMeterRegistry()).setClock(Clock.systemUTC()).setWorkerName("test")
                .setSendTimeout(Duration.ofSeconds(5)).optBackbonePolicy(policy).build();
    }

    private TrainingJobs jobs() {
        return TrainingJobs.builder().setDatasets(new PublishedDatasets(store)).setModels(registry).setBoard(board)
                .setEvents(events).setRetrainRules(List.of()).setClock(Clock.systemUTC())
                .setSendTimeout(Duration.ofSeconds(5)).optBackbones(new Backbones(store, registry, policy))
                .optDebounce(Duration.ZERO).build();
    }

    private static TrainingRequested request(String model, String baseModel) {
        return new TrainingRequested(UUID.randomUUID().toString(), model, "shapes-small", "1",
                TrainingParameters.builder().setArchitecture("transfer").optBaseModel(baseModel).setEpochs(2)
                        .setBatchSize(4).setLearningRate(0.01).setImageSize(16).setSeed(3).build(), "api", Instant.now());
    }

    private static JobRequest submission(String baseModel) {
        return JobRequest.builder("from-url", "shapes-small").optArchitecture("transfer").optBaseModel(baseModel)
                .optEpochs(2).optBatchSize(4).optLearningRate(0.01).optImageSize(16).optSeed(3L).build();
    }

    @Test
    void aBackboneServedOverHttpTrainsStaysAsServedAndTheLineageNamesTheUrl() throws Exception {
        assumeTrue(torch, TorchScriptFixture.MISSING);
        String url = server.url("/backbone.pt");
        assertThat(jobs().submit(submission(url)).status()).as("a URL that answers is queued")
                .isEqualTo(JobStatus.QUEUED);

        assertThat(worker().run(request("url-backbone", url))).isEqualTo(JobOutcome.COMPLETED);

        JsonNode metrics = StoreJson.mapper().readTree(store.read(StoreKeys.metrics("url-backbone", "1")));
        assertThat(metrics.at("/lineage/baseModel").asText()).isEqualTo(url);
        assertThat(metrics.at("/lineage/baseModelSha256").asText()).isEqualTo(BackboneDownloadTest.sha256(backbone));
        assertThat(metrics.at("/details/network/backbone").asText()).isEqualTo(ArchitectureSpec.TORCHSCRIPT_BACKBONE);
        assertThat(metrics.at("/details/network/baseModel").asText()).isEqualTo(url);
        assertThat(metrics.at("/details/frozenParameters").asLong()).isPositive();
        assertThat(new String(store.read(StoreKeys.report("url-backbone", "1")), StandardCharsets.UTF_8)).contains(url)
                .contains(BackboneDownloadTest.sha256(backbone));

        // no fine-tuning: every backbone tensor of the published model is the served one, bit for bit
        Path published = store.localFolder(StoreKeys.modelVersion("url-backbone", "1"));
        Map<String, float[]> trained = backboneOf(published);
        Map<String, float[]> served = parametersOf(dir.resolve("backbone.pt"));
        assertThat(trained).isNotEmpty().hasSameSizeAs(served);
        served.forEach((name, weights) -> assertThat(trained.get(name)).as(name).isEqualTo(weights));

        Path download = BackboneDownload.defaults(policy).fileFor(url);
        assertThat(download).hasBinaryContent(backbone);
        try (var files = Files.list(download.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith(download.getFileName() + "-") && name.endsWith(".part"));
        }
    }

    @Test
    void aMissingUrlIsQueuedWithoutBeingAskedForAnything() throws Exception {
        String url = server.url("/missing.pt");
        int before = server.connections();

        assertThat(jobs().submit(submission(url)).status()).isEqualTo(JobStatus.QUEUED);
        assertThat(server.connections()).as("the request thread fetches nothing").isEqualTo(before);
    }

    @Test
    void aServerThatIsNotThereFailsTheJobNamingTheHost() throws Exception {
        String url;
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
            url = "http://127.0.0.1:" + port + "/backbone.pt"; // closed before it is asked
        }
        BackbonePolicy there = BackbonePolicy.urlsFrom(Set.of("127.0.0.1:" + port)).withHttp(true)
                .withPrivateNetworks(policy.privateNetworks());
        TrainingRequested request = request("url-gone", url + BackboneReference.PIN + "0".repeat(64));

        Backbones backbones = new Backbones(store, registry, there);
        assertThatThrownBy(() -> backbones.resolve(request.parameters(), 16, TestDatasets.CLASSES))
                .hasMessage("baseModel " + url + " could not be downloaded: no connection to host 127.0.0.1:" + port);
    }

    @Test
    void aUrlGoneByTheTimeTheJobRunsFailsItNamingTheUrlAndTheStatusCodeOnly() {
        String url = server.url("/missing.pt");
        TrainingRequested request = request("url-missing", url);

        assertThat(worker().run(request)).isEqualTo(JobOutcome.FAILED);

        String reason = "baseModel " + url + " could not be downloaded from host " + server.hostEntry()
                + " (HTTP status 404, not 200)";
        assertThat(events.of(TrainingFailed.class)).singleElement()
                .satisfies(failed -> assertThat(failed.reason()).isEqualTo(reason));
        assertThat(board.find(request.jobId()).orElseThrow().reason()).isEqualTo(reason);
        assertThat(BackboneDownload.defaults(policy).fileFor(url)).doesNotExist();
    }

    @Test
    void aUrlServingAPageInsteadOfAModuleFailsTheJobWithAReasonEachTimeItIsDelivered() {
        String url = server.url("/login.pt");
        TrainingRequested request = request("url-login", url);

        // a redelivered request fails the same way: a reason, not a crash that sends it round again
        assertThat(worker().run(request)).isEqualTo(JobOutcome.FAILED);
        assertThat(worker().run(request)).isEqualTo(JobOutcome.FAILED);

        assertThat(events.of(TrainingFailed.class)).hasSize(2).allSatisfy(failed -> assertThat(failed.reason())
                .startsWith("baseModel " + url + " is not a TorchScript module PyTorch can load (PytorchStreamReader"
                        + " failed reading zip archive")
                .endsWith("); write it with torch.jit.save, not torch.save"));
        assertThat(registry.exists("url-login", "1")).isFalse();
    }

    @Test
    void aServedModuleThatRefusesRgbInputFailsTheJobSayingSo() {
        assumeTrue(torch, TorchScriptFixture.MISSING);
        String url = server.url("/gray.pt");

        assertThat(worker().run(request("url-gray", url))).isEqualTo(JobOutcome.FAILED);

        assertThat(events.of(TrainingFailed.class)).singleElement().satisfies(failed -> assertThat(failed.reason())
                .startsWith("baseModel " + url + " does not take 16×16 RGB input (a (1, 3, 16, 16) tensor): ")
                .contains("expected input[1, 3, 16, 16] to have 1 channels, but got 3 channels instead")
                .doesNotContain("Traceback"));
    }

    /** The backbone tensors of a published transfer model over a TorchScript module, by name. */
    private static Map<String, float[]> backboneOf(Path artifact) throws Exception {
        ArchitectureSpec spec = ModelArtifact.readArchitecture(artifact);
        try (Model model = Model.newInstance("check")) {
            Block block = Architectures.build(spec, model.getNDManager());
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                    Files.newInputStream(artifact.resolve(StoreKeys.MODEL_PARAMS))))) {
                block.loadParameters(model.getNDManager(), in);
            }
            BackboneBlock backbone = (BackboneBlock) ((SequentialBlock) block).getChildren().get(0).getValue();
            return copy(backbone.features().getParameters());
        }
    }

    private static Map<String, float[]> parametersOf(Path module) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            return copy(JniUtils.loadModule((PtNDManager) manager, module, true, new String[0], new String[0], false)
                    .getParameters());
        }
    }

    private static Map<String, float[]> copy(PairList<String, Parameter> parameters) {
        Map<String, float[]> copy = new HashMap<>();
        parameters.forEach(p -> copy.put(p.getKey(), p.getValue().getArray().toFloatArray()));
        return copy;
    }
}
