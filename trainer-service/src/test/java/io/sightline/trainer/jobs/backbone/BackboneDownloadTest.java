package io.sightline.trainer.jobs.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.trainer.training.TrainingFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of a backbone download, against a real local HTTP server: a server that stops sending or sends
 * too much fails the download within the limits, and a failed download leaves no file behind.
 */
class BackboneDownloadTest {

    private static final int CAP = 64 * 1024;

    static BackboneServer server;
    static final byte[] MODULE = new byte[20_000];

    @TempDir
    Path dir;

    @BeforeAll
    static void serve() throws Exception {
        Arrays.fill(MODULE, (byte) 7);
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

    private BackboneDownload download() {
        return new BackboneDownload(dir, Duration.ofSeconds(2), Duration.ofMillis(500), CAP);
    }

    @Test
    void aFileIsDownloadedToOnePlacePerUrlWhichTheNextDownloadReplaces() throws Exception {
        String url = server.url("/module.pt");

        Path first = download().fetch(url);
        Path second = download().fetch(url);

        assertThat(second).isEqualTo(first).isEqualTo(download().fileFor(url)).hasBinaryContent(MODULE);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(first);
        }
    }

    @Test
    void aServerThatStopsSendingFailsTheDownloadAfterTheReadTimeoutAndLeavesNothing() {
        String url = server.url("/stall.pt");
        long start = System.nanoTime();

        assertThatThrownBy(() -> download().fetch(url)).isInstanceOf(TrainingFailure.class)
                .hasMessage("baseModel " + url + " could not be downloaded: nothing arrived for 500 ms after 1000"
                        + " bytes (read timeout)");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aDownloadPastTheCapIsStoppedAndLeavesNothing() {
        String url = server.url("/endless.pt");

        assertThatThrownBy(() -> download().fetch(url)).isInstanceOf(TrainingFailure.class)
                .hasMessage("baseModel " + url + " is larger than the 65536 bytes this trainer accepts for a"
                        + " TorchScript backbone: the download went past it and was stopped");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFileDeclaredLargerThanTheCapIsNotDownloaded() {
        String url = server.url("/huge.pt");

        assertThatThrownBy(() -> download().fetch(url)).isInstanceOf(TrainingFailure.class)
                .hasMessage("baseModel " + url + " is larger than the 65536 bytes this trainer accepts for a"
                        + " TorchScript backbone: its Content-Length is 10240.0 MiB");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anEmptyFileIsRefused() {
        String url = server.url("/empty.pt");

        assertThatThrownBy(() -> download().fetch(url)).hasMessage("baseModel " + url + " answered with an empty file");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void redirectsAreFollowedToHttpButNotElsewhere() throws Exception {
        assertThat(download().fetch(server.url("/moved.pt"))).hasBinaryContent(MODULE);

        String url = server.url("/ftp.pt");
        assertThatThrownBy(() -> download().fetch(url)).hasMessage("baseModel " + url
                + " redirects to ftp://127.0.0.1/module.pt, which is not followed (only to http or https, never from"
                + " https to http)");
    }

    @Test
    void theStatusCheckBeforeQueueingReadsNoBody() {
        assertThat(download().problem(server.url("/huge.pt"))).as("a status line is all it waits for").isEmpty();
        assertThat(download().problem(server.url("/stall.pt"))).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }
}
