package io.sightline.trainer.jobs.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sightline.events.TrainingFailed;
import io.sightline.events.TrainingParameters;
import io.sightline.events.TrainingRequested;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.FileArtifactStore;
import io.sightline.trainer.RecordingEvents;
import io.sightline.trainer.TestDatasets;
import io.sightline.trainer.datasets.PublishedDatasets;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.JobOutcome;
import io.sightline.trainer.jobs.Promoter;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.queue.JobRequest;
import io.sightline.trainer.jobs.queue.RetrainRule;
import io.sightline.trainer.jobs.queue.TrainingJobs;
import io.sightline.trainer.jobs.worker.TrainingWorker;
import io.sightline.trainer.registry.MinimumAccuracyGate;
import io.sightline.trainer.registry.PublishedModels;
import io.sightline.trainer.training.ImageClassifierTrainer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backbones the policy refuses are never contacted: real local HTTP servers count every TCP connection, and stay at
 * zero for a URL that is off by default, on a host not allowed, reached through a redirect to another host or to a
 * loopback address, or named by a host that resolves to loopback — on the request path and on the worker (a {@code
 * training.requested} record). Reasons never carry what a server answered. File backbones outside the allowed
 * folders are refused alike whether the file exists or not.
 */
class RefusedBackboneTest {

    private static final String MARKER = "INTERNAL-SECRET-7f3a";
    private static final String PIN = BackboneReference.PIN + "a".repeat(64);

    @TempDir
    static Path dir;

    static ArtifactStore store;
    static PublishedModels registry;
    /** The allowed host (127.0.0.1, let through as a private network). */
    static BackboneServer allowed;
    /** Another host on 127.0.0.2, never let through. */
    static BackboneServer other;

    RecordingEvents events;
    JobBoard board;

    @BeforeAll
    static void serve() throws Exception {
        store = new FileArtifactStore(dir.resolve("store"));
        registry = new PublishedModels(store);
        TestDatasets.publish(store, "shapes", "1", new TestDatasets.Split(4, 0, 2), 1);
        other = new BackboneServer(InetAddress.getByName("127.0.0.2")).file("/x.pt", new byte[10], "x");
        allowed = new BackboneServer()
                .file("/module.pt", (MARKER + " as a module").getBytes(), "application/octet-stream")
                .status("/broken.pt", 500, MARKER + " stack trace of the server")
                .redirect("/to-other.pt", other.url("/x.pt"))
                .redirect("/to-secret-location.pt", "ftp://" + MARKER + ".internal/x.pt");
    }

    @AfterAll
    static void stop() {
        allowed.close();
        other.close();
    }

    @BeforeEach
    void fresh() {
        events = new RecordingEvents();
        board = new JobBoard();
    }

    private static BackboneDownload download(BackbonePolicy policy) {
        return new BackboneDownload(policy, dir.resolve("downloads"), Duration.ofSeconds(2), Duration.ofSeconds(2),
                1 << 20);
    }

    private static TrainingParameters transfer(String baseModel) {
        return TrainingParameters.builder().setArchitecture("transfer").optBaseModel(baseModel).setEpochs(1)
                .setBatchSize(4).setLearningRate(0.01).setImageSize(16).setSeed(1).build();
    }

    private TrainingJobs jobs(BackbonePolicy policy) {
        return TrainingJobs.builder().setDatasets(new PublishedDatasets(store)).setModels(registry).setBoard(board)
                .setEvents(events).setRetrainRules(List.of()).setClock(Clock.systemUTC())
                .setSendTimeout(Duration.ofSeconds(5)).optBackbones(new Backbones(store, registry, policy)).build();
    }

    private TrainingWorker worker(BackbonePolicy policy) {
        Promoter promoter = new Promoter(registry, new MinimumAccuracyGate(0), events, Clock.systemUTC(),
                Duration.ofSeconds(5));
        return TrainingWorker.builder().setStore(store).setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setPromoter(promoter).setBoard(board).setEvents(events).setTrainer(new ImageClassifierTrainer())
                .setMeters(new SimpleMeterRegistry()).setClock(Clock.systemUTC()).setWorkerName("test")
                .setSendTimeout(Duration.ofSeconds(5)).optBackbonePolicy(policy).build();
    }

    private static TrainingRequested record(String baseModel) {
        return new TrainingRequested(UUID.randomUUID().toString(), "target", "shapes", "1", transfer(baseModel), "api",
                Instant.now());
    }

    private static JobRequest request(String baseModel, String sha256) {
        return JobRequest.builder("target", "shapes").optArchitecture("transfer").optBaseModel(baseModel)
                .optBaseModelSha256(sha256).optEpochs(1).optBatchSize(4).optImageSize(16).build();
    }

    @Test
    void urlAndFileBackbonesAreOffByDefaultAndTheAnswerNamesTheSetting() {
        int before = allowed.connections();
        String url = allowed.url("/module.pt");

        assertThatThrownBy(() -> jobs(BackbonePolicy.registeredOnly()).submit(request(url, "a".repeat(64))))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("baseModel " + url + ": this trainer reads no TorchScript URLs; an operator turns them on"
                        + " with sightline.trainer.backbones.url.enabled=true and names the hosts in"
                        + " sightline.trainer.backbones.url.hosts");
        assertThatThrownBy(() -> jobs(BackbonePolicy.registeredOnly()).submit(request("/models/x.pt", null)))
                .hasMessageContaining("this trainer reads no TorchScript files")
                .hasMessageContaining("sightline.trainer.backbones.file.enabled=true");
        assertThat(events.all()).as("nothing queued").isEmpty();
        assertThat(allowed.connections()).isEqualTo(before);
    }

    @Test
    void aRecordNamingARefusedUrlFailsItsJobWithTheReasonAndNothingIsContacted() {
        int before = allowed.connections();
        TrainingRequested record = record(allowed.url("/module.pt") + PIN);

        assertThat(worker(BackbonePolicy.registeredOnly()).run(record)).isEqualTo(JobOutcome.FAILED);
        assertThat(worker(BackbonePolicy.urlsFrom(Set.of("models.example.org")).withHttp(true)).run(record))
                .isEqualTo(JobOutcome.FAILED);

        assertThat(events.of(TrainingFailed.class)).extracting(TrainingFailed::reason).containsExactly(
                "baseModel " + allowed.url("/module.pt") + ": this trainer reads no TorchScript URLs; an operator turns"
                        + " them on with sightline.trainer.backbones.url.enabled=true and names the hosts in"
                        + " sightline.trainer.backbones.url.hosts",
                "baseModel " + allowed.url("/module.pt") + ": host " + allowed.hostEntry() + " is not one this"
                        + " trainer downloads backbones from (sightline.trainer.backbones.url.hosts)");
        assertThat(allowed.connections()).isEqualTo(before);
    }

    @Test
    void aHostNotAllowedIsNeitherContactedOnTheRequestNorByTheWorker() {
        int before = allowed.connections();
        BackbonePolicy elsewhere = BackbonePolicy.urlsFrom(Set.of("models.example.org")).withHttp(true);
        String url = allowed.url("/module.pt");

        assertThatThrownBy(() -> jobs(elsewhere).submit(request(url, "a".repeat(64))))
                .hasMessageContaining("host " + allowed.hostEntry() + " is not one this trainer downloads");
        assertThatThrownBy(() -> download(elsewhere).fetch(BackboneReference.parse(url + PIN)))
                .hasMessageContaining("is not one this trainer downloads");
        assertThat(allowed.connections()).isEqualTo(before);
    }

    @Test
    void anAllowedUrlIsOnlyCheckedOnTheRequestThreadNotFetched() throws Exception {
        int before = allowed.connections();

        assertThat(jobs(BackboneDownloadTest.localServer(allowed)).submit(request(allowed.url("/module.pt"),
                "a".repeat(64))).parameters().baseModel()).isEqualTo(allowed.url("/module.pt") + PIN);

        assertThat(allowed.connections()).as("the worker downloads, not the request").isEqualTo(before);
    }

    @Test
    void aRedirectToAHostNotAllowedIsNotFollowed() {
        String url = allowed.url("/to-other.pt");

        assertThatThrownBy(() -> download(BackboneDownloadTest.localServer(allowed)).fetch(BackboneReference.parse(
                url + PIN))).hasMessage("baseModel " + url + " is not downloaded: host " + allowed.hostEntry()
                + " redirected to a URL this trainer does not read (only https, or http when allowed, to the hosts of"
                + " sightline.trainer.backbones.url.hosts); the trainer's log names it");
        assertThat(other.connections()).isZero();
    }

    @Test
    void aRedirectToALoopbackAddressIsNotFollowedEvenWhenItsHostIsAllowed() {
        // both hosts allowed by name; only 127.0.0.1 is let through as a private network, 127.0.0.2 is loopback
        String url = allowed.url("/to-other.pt");

        assertThatThrownBy(() -> download(BackboneDownloadTest.localServer(allowed, other)).fetch(
                BackboneReference.parse(url + PIN))).hasMessage("baseModel " + url + " is not downloaded: a redirect"
                + " led to a host that resolves to a loopback address, which this trainer does not connect to");
        assertThat(other.connections()).isZero();
    }

    @Test
    void anAllowedNameThatResolvesToLoopbackIsNotContacted() {
        int before = allowed.connections();
        BackbonePolicy byName = BackbonePolicy.urlsFrom(Set.of("localhost:" + allowed.port(), allowed.hostEntry()))
                .withHttp(true);

        for (String url : List.of(allowed.url("localhost", "/module.pt"), allowed.url("/module.pt"))) {
            String host = java.net.URI.create(url).getHost();
            assertThatThrownBy(() -> download(byName).fetch(BackboneReference.parse(url + PIN)))
                    .hasMessage("baseModel " + url + " is not downloaded: host " + host + " resolves to a loopback"
                            + " address, which this trainer does not connect to");
        }
        assertThat(allowed.connections()).isEqualTo(before);
    }

    @Test
    void whatTheServerAnsweredNeverReachesTheReason() {
        BackbonePolicy policy = BackboneDownloadTest.localServer(allowed);

        assertThatThrownBy(() -> download(policy).fetch(BackboneReference.parse(allowed.url("/broken.pt") + PIN)))
                .hasMessage("baseModel " + allowed.url("/broken.pt") + " could not be downloaded from host "
                        + allowed.hostEntry() + " (HTTP status 500, not 200)");
        assertThatThrownBy(() -> download(policy).fetch(BackboneReference.parse(allowed.url("/module.pt") + PIN)))
                .hasMessageContaining("sha256 does not match").hasMessageNotContaining(MARKER);
        assertThatThrownBy(() -> download(policy).fetch(BackboneReference.parse(allowed.url("/to-secret-location.pt")
                + PIN))).hasMessageContaining("redirected to a URL this trainer does not read")
                .hasMessageNotContaining(MARKER);
        TrainingRequested record = record(allowed.url("/broken.pt") + PIN);
        assertThat(worker(policy).run(record)).isEqualTo(JobOutcome.FAILED);
        assertThat(events.of(TrainingFailed.class)).singleElement().satisfies(failed -> assertThat(failed.reason())
                .contains("HTTP status 500").doesNotContain(MARKER).doesNotContain("Internal Server Error"));
        assertThat(board.find(record.jobId()).orElseThrow().reason()).doesNotContain(MARKER);
    }

    @Test
    void aFileOutsideTheAllowedFoldersIsRefusedAlikeWhetherItExistsOrNot() throws Exception {
        Path allowedFolder = Files.createDirectories(dir.resolve("backbones"));
        Path outside = Files.writeString(dir.resolve("outside.pt"), "a module");
        Files.createSymbolicLink(allowedFolder.resolve("link.pt"), outside);
        Backbones backbones = new Backbones(store, registry, BackbonePolicy.filesIn(List.of(allowedFolder)));

        String existing = outside.toString();
        String missing = dir.resolve("absent.pt").toString();
        String dotted = allowedFolder.resolve("../outside.pt").toString();
        assertThat(backbones.problems(transfer(existing))).containsExactly(BackbonePolicy.outsideFolders(existing));
        assertThat(backbones.problems(transfer(missing))).containsExactly(BackbonePolicy.outsideFolders(missing));
        assertThat(backbones.problems(transfer(dotted))).containsExactly(BackbonePolicy.outsideFolders(dotted));
        // inside the folder, a symlink out of it reads like a file that is not there
        String link = allowedFolder.resolve("link.pt").toString();
        String absent = allowedFolder.resolve("absent.pt").toString();
        assertThat(backbones.problems(transfer(link))).containsExactly("baseModel " + link + " is not a readable"
                + " TorchScript file on the trainer");
        assertThat(backbones.problems(transfer(absent))).containsExactly("baseModel " + absent + " is not a readable"
                + " TorchScript file on the trainer");
    }

    @Test
    void aPinnedFileWhoseSha256DiffersIsNotLoaded() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("pinned"));
        String file = Files.writeString(folder.resolve("module.pt"), "a module").toString();
        Backbones backbones = new Backbones(store, registry, BackbonePolicy.filesIn(List.of(folder)));

        assertThat(backbones.problems(transfer(file + PIN))).singleElement().asString()
                .isEqualTo("baseModel " + file + ": the file's sha256 does not match the pinned " + "a".repeat(64)
                        + "; it was not loaded");
    }

    @Test
    void aRetrainBindingNamingARefusedBackboneStopsTheServiceAtStart() {
        RetrainRule binding = new RetrainRule("shapes", "target", transfer("https://models.example.org/x.pt" + PIN));

        assertThatThrownBy(() -> TrainingJobs.builder().setDatasets(new PublishedDatasets(store)).setModels(registry)
                .setBoard(board).setEvents(events).setRetrainRules(List.of(binding)).setClock(Clock.systemUTC())
                .setSendTimeout(Duration.ofSeconds(5)).optBackbones(new Backbones(store, registry)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("retrain binding for dataset shapes: baseModel https://models.example.org/x.pt:"
                        + " this trainer reads no TorchScript URLs");
    }

    @Test
    void malformedPinsAndSchemesAreRefusedBeforeAnythingElse() {
        Backbones backbones = new Backbones(store, registry, BackbonePolicy.urlsFrom(Set.of("models.example.org")));

        assertThat(backbones.problems(transfer("https://models.example.org/x.pt#sha256=abc"))).singleElement()
                .asString().contains("a pin must be #sha256=<64 hexadecimal digits>");
        assertThat(backbones.problems(transfer("https://models.example.org/x.pt"))).singleElement().asString()
                .contains("needs a sha256 pin");
        assertThat(backbones.problems(transfer("s3://bucket/x.pt"))).singleElement().asString()
                .contains("uses a scheme the trainer does not read");
        assertThat(backbones.problems(transfer("https://user:pw@models.example.org/x.pt" + PIN))).singleElement()
                .asString().contains("no user information");
        assertThat(backbones.problems(transfer("base" + PIN))).singleElement().asString()
                .contains("a sha256 pin only applies to a TorchScript URL or file");
        assertThat(backbones.problems(transfer("https://models.example.org/x.pt" + PIN))).isEmpty();
    }
}
