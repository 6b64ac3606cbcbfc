package io.sightline.trainer.jobs.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.trainer.training.TrainingFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of a backbone download, against a real local HTTP server the policy lets through (its loopback address
 * is configured as a private network): a server that stops sending or sends too much fails the download within the
 * limits, a file whose SHA-256 is not the pinned one is not kept, and a failed download leaves no file behind.
 */
class BackboneDownloadTest {

    private static final int CAP = 64 * 1024;

    static BackboneServer server;
    static final byte[] MODULE = new byte[20_000];
    static String modulePin;

    @TempDir
    Path dir;

    @BeforeAll
    static void serve() throws Exception {
        Arrays.fill(MODULE, (byte) 7);
        modulePin = sha256(MODULE);
        server = new BackboneServer()
                .file("/module.pt", MODULE, "application/octet-stream")
                .file("/empty.pt", new byte[0], "application/octet-stream")
                .stall("/stall.pt", 1000)
                .endless("/endless.pt", 10L * CAP)
                .declaring("/huge.pt", 10L << 30);
        server.redirect("/moved.pt", server.url("/module.pt")).redirect("/ftp.pt", "ftp://127.0.0.1/module.pt");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The test server's host over http, its loopback address let through. */
    static BackbonePolicy localServer(BackboneServer... servers) {
        return BackbonePolicy.urlsFrom(Arrays.stream(servers).map(BackboneServer::hostEntry)
                        .collect(java.util.stream.Collectors.toSet())).withHttp(true)
                .withPrivateNetworks(List.of(AddressRange.parse("127.0.0.1/32")));
    }

    private BackboneDownload download() {
        return new BackboneDownload(localServer(server), dir, Duration.ofSeconds(2), Duration.ofMillis(500), CAP);
    }

    private Path fetch(String url) throws TrainingFailure {
        return download().fetch(BackboneReference.parse(url + BackboneReference.PIN + modulePin)).file();
    }

    @Test
    void aFileIsDownloadedToOnePlacePerUrlWhichTheNextDownloadReplaces() throws Exception {
        String url = server.url("/module.pt");

        Path first = fetch(url);
        BackboneDownload.Landed second = download().fetch(BackboneReference.parse(url + "#sha256="
                + modulePin.toUpperCase()));

        assertThat(second.sha256()).isEqualTo(modulePin);
        assertThat(second.file()).isEqualTo(first).isEqualTo(download().fileFor(url)).hasBinaryContent(MODULE);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(first);
        }
    }

    @Test
    void aFileWhoseSha256IsNotThePinnedOneIsNotKept() {
        String url = server.url("/module.pt");
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> download().fetch(BackboneReference.parse(url + BackboneReference.PIN + wrong)))
                .isInstanceOf(TrainingFailure.class)
                .hasMessage("baseModel " + url + ": the file's sha256 does not match the pinned " + wrong
                        + "; it was not loaded");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aUrlWithoutAPinIsNotDownloaded() {
        int before = server.connections();
        String url = server.url("/module.pt");

        assertThatThrownBy(() -> download().fetch(BackboneReference.parse(url)))
                .hasMessageStartingWith("baseModel " + url + " needs a sha256 pin: give baseModelSha256");
        assertThat(server.connections()).isEqualTo(before);
    }

    @Test
    void aConfiguredPinServesForTheUrl() throws Exception {
        String url = server.url("/module.pt");
        BackbonePolicy pinned = localServer(server).withPins(BackbonePolicy.parsePins(List.of(
                url + BackboneReference.PIN + modulePin)));

        BackboneDownload.Landed landed = new BackboneDownload(pinned, dir, Duration.ofSeconds(2), Duration.ofMillis(500),
                CAP).fetch(BackboneReference.parse(url));

        assertThat(landed.file()).hasBinaryContent(MODULE);
        assertThatThrownBy(() -> new BackboneDownload(pinned, dir, Duration.ofSeconds(2), Duration.ofMillis(500), CAP)
                .fetch(BackboneReference.parse(url + BackboneReference.PIN + "1".repeat(64))))
                .hasMessage("baseModel " + url + ": the sha256 given differs from the one configured for this URL"
                        + " (sightline.trainer.backbones.url.pins)");
    }

    @Test
    void aServerThatStopsSendingFailsTheDownloadAfterTheReadTimeoutAndLeavesNothing() {
        String url = server.url("/stall.pt");
        long start = System.nanoTime();

        assertThatThrownBy(() -> fetch(url)).isInstanceOf(TrainingFailure.class)
                .hasMessage("baseModel " + url + " could not be downloaded: nothing arrived for 500 ms after 1000"
                        + " bytes (read timeout)");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aDownloadPastTheCapIsStoppedAndLeavesNothing() {
        String url = server.url("/endless.pt");

        assertThatThrownBy(() -> fetch(url)).isInstanceOf(TrainingFailure.class)
                .hasMessage("baseModel " + url + " is larger than the 65536 bytes this trainer accepts for a"
                        + " TorchScript backbone: the download went past it and was stopped");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFileDeclaredLargerThanTheCapIsNotDownloaded() {
        String url = server.url("/huge.pt");

        assertThatThrownBy(() -> fetch(url)).isInstanceOf(TrainingFailure.class)
                .hasMessage("baseModel " + url + " is larger than the 65536 bytes this trainer accepts for a"
                        + " TorchScript backbone: its Content-Length is 10240.0 MiB");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anEmptyFileIsRefused() {
        String url = server.url("/empty.pt");

        assertThatThrownBy(() -> fetch(url)).hasMessage("baseModel " + url + " answered with an empty file");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void redirectsAreFollowedToAllowedHttpUrlsButNotElsewhereAndTheLocationIsNotRepeated() throws Exception {
        assertThat(fetch(server.url("/moved.pt"))).hasBinaryContent(MODULE);

        String url = server.url("/ftp.pt");
        assertThatThrownBy(() -> fetch(url)).hasMessage("baseModel " + url + " is not downloaded: host "
                + server.hostEntry() + " redirected to a URL this trainer does not read (only https, or http when"
                + " allowed, to the hosts of sightline.trainer.backbones.url.hosts); the trainer's log names it");
    }

    @Test
    void plainHttpIsRefusedUnlessAllowedWithoutAConnection() {
        int before = server.connections();
        String url = server.url("/module.pt");
        BackboneDownload httpsOnly = new BackboneDownload(localServer(server).withHttp(false), dir,
                Duration.ofSeconds(2), Duration.ofMillis(500), CAP);

        assertThatThrownBy(() -> httpsOnly.fetch(BackboneReference.parse(url + BackboneReference.PIN + modulePin)))
                .hasMessage("baseModel " + url + ": only https URLs are read (plain http needs"
                        + " sightline.trainer.backbones.url.allow-http=true)");
        assertThat(server.connections()).isEqualTo(before);
    }

    @Test
    void theAllowedHostNeedsItsPortWhenItIsNotTheSchemes() {
        BackbonePolicy byName = BackbonePolicy.urlsFrom(Set.of("127.0.0.1")).withHttp(true);
        String url = server.url("/module.pt");

        assertThat(byName.urlRefusal(url, java.net.URI.create(url))).hasValue("baseModel " + url + ": host "
                + server.hostEntry() + " is not one this trainer downloads backbones from"
                + " (sightline.trainer.backbones.url.hosts)");
        assertThat(byName.urlRefusal("x", java.net.URI.create("http://127.0.0.1/x.pt"))).isEmpty();
        assertThat(byName.urlRefusal("x", java.net.URI.create("http://127.0.0.1:80/x.pt"))).isEmpty();
    }
}
