package io.sightline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.e2e.LocalStack.Service;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in real headless Chromium against the running stack (the run's {@link SharedStack}): a
 * training run's curves grow as the trainer pushes its epochs, without a reload; datasets and models appear;
 * a screenshot is kept in {@code e2e/target/console.png}.
 */
@Tag("stack")
@ExtendWith(SharedStack.class)
class ConsoleTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String DATASET = "console-shapes";
    private static final String MODEL = "shapes-console";
    private static final int EPOCHS = 6;

    @TempDir
    Path work;

    @BeforeAll
    static void needsChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (bin/test installs them)");
    }

    @Test
    void aRunsCurvesGrowLiveAsEpochsArrive(RunningStack running) throws Exception {
        Path data = new ShapesDataset(64, 3).write(running.imports().resolve(DATASET), 60);
        SightlineClient client = running.client();
        String location = client.createDataset(DATASET, data.toString(), 0.25, 7).requireStatus(202)
                .raw().headers().firstValue("Location").orElseThrow();
        JsonNode version = client.await(client.datasetUrl().resolve(location),
                SightlineClient.statusIn("READY", "REJECTED"), Duration.ofMinutes(2));
        assertThat(version.path("status").asText()).isEqualTo("READY");

        ChromeDriver browser = chromium();
        try {
            browser.get(running.stack().url(Service.TRAINER).resolve("/console/").toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(3));
            wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
            JavascriptExecutor js = browser;
            // remember the page instance and every size the loss curve of this test's run takes while it
            // goes on (the shared stack's console shows other tests' runs too)
            js.executeScript("""
                    window.pageInstance = 'first load';
                    window.lossPoints = [];
                    window.watchedRun = null;
                    new MutationObserver(() => {
                      const line = window.watchedRun
                          && document.querySelector('#run-' + window.watchedRun + ' polyline.loss');
                      if (line) window.lossPoints.push(Number(line.dataset.points));
                    }).observe(document.getElementById('runs'), {childList: true, subtree: true});
                    """);

            String jobId = client.startTraining(SightlineClient.object().put("model", MODEL)
                    .put("dataset", DATASET).put("architecture", "cnn").put("epochs", EPOCHS)
                    .put("imageSize", 64).put("batchSize", 16)).requireStatus(202).body().path("jobId").asText();
            js.executeScript("window.watchedRun = arguments[0];", jobId);

            By card = By.id("run-" + jobId);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(card, "COMPLETED"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("models"), MODEL));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("datasets"), DATASET));

            @SuppressWarnings("unchecked")
            List<Long> seen = (List<Long>) js.executeScript("return window.lossPoints;");
            assertThat(js.executeScript("return window.pageInstance;")).isEqualTo("first load");
            long epochsRun = client.trainerResource("/training-jobs/" + jobId).body().path("epochs").size();
            assertThat(seen).as("loss curve sizes seen live").isSorted().contains(epochsRun)
                    .anyMatch(points -> points > 0 && points < epochsRun);
            assertThat(browser.findElement(card).findElement(By.linkText("report")).getAttribute("href"))
                    .endsWith("/training-jobs/" + jobId + "/report");
            assertThat(browser.findElement(By.id("datasets")).getText()).contains("passed");

            File shot = browser.getScreenshotAs(OutputType.FILE);
            Path kept = Path.of("target", "console.png");
            Files.createDirectories(kept.getParent());
            Files.copy(shot.toPath(), kept, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(kept)).isGreaterThan(1000);
        } finally {
            browser.quit();
        }
    }

    private ChromeDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // no sandbox as root; no background networking: this machine refuses outside connections
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
