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
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in real headless Chromium against the running stack (the run's {@link SharedStack}): a
 * training run's curves grow as the trainer pushes its epochs, without a reload; datasets and models appear;
 * a screenshot is kept in {@code e2e/target/console.png}. A dataset version is deleted and a run cancelled from
 * the page, each after its confirmation; the serving champion's delete is refused with its reason; a retrain binding
 * is set and removed.
 */
@Tag("stack")
@ExtendWith(SharedStack.class)
class ConsoleTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String DATASET = "console-shapes";
    private static final String MODEL = "shapes-console";
    private static final int EPOCHS = 6;
    private static final String DOOMED_DATASET = "console-doomed";
    private static final String CANCEL_DATASET = "console-cancel";
    private static final String CANCEL_MODEL = "console-cancelled";
    private static final String BOUND_DATASET = "console-bound";
    private static final String BOUND_MODEL = "console-bound-cnn";

    @TempDir
    Path work;

    @BeforeAll
    static void needsChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (bin/test installs them)");
    }

    @Test
    void aRunsCurvesGrowLiveAsEpochsArrive(RunningStack running) throws Exception {
        readyDataset(running, DATASET, 64, 60);
        SightlineClient client = running.client();

        ChromeDriver browser = chromium();
        try {
            WebDriverWait wait = openConsole(browser, running);
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

            // the serving champion: refused with the service's reason; "anyway" needs an admin, which no one is here
            String model = "#models tr[data-model='" + MODEL + "']";
            browser.findElement(By.cssSelector(model + " button.delete-model")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("models-status"), "is serving"));
            browser.findElement(By.cssSelector("#models-status button.force")).click();
            assertThat(wait.until(ExpectedConditions.alertIsPresent()).getText()).contains("although it is serving");
            browser.switchTo().alert().accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("models-status"), "(403)"));
            assertThat(client.trainerResource("/models/" + MODEL).status()).isEqualTo(200);
        } finally {
            browser.quit();
        }
    }

    @Test
    void aDatasetVersionIsDeletedFromTheConsoleAfterItsConfirmation(RunningStack running) throws Exception {
        JsonNode version = readyDataset(running, DOOMED_DATASET, 16, 6);
        String number = version.path("version").asText();
        ChromeDriver browser = chromium();
        try {
            WebDriverWait wait = openConsole(browser, running);
            String row = "#datasets tr[data-dataset='" + DOOMED_DATASET + "']";
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(row + " td > button.delete-version")))
                    .click();
            Alert confirmation = wait.until(ExpectedConditions.alertIsPresent());
            assertThat(confirmation.getText())
                    .startsWith("Delete dataset " + DOOMED_DATASET + " version " + number + "?");
            confirmation.accept();

            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("datasets-status"),
                    "deleted dataset " + DOOMED_DATASET + " version " + number + ": removed"));
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(row), 0));
            assertThat(running.client().datasetResource("/datasets/" + DOOMED_DATASET + "/versions/" + number)
                    .status()).isEqualTo(404);
        } finally {
            browser.quit();
        }
    }

    @Test
    void aRunIsCancelledFromTheConsoleAfterItsConfirmation(RunningStack running) throws Exception {
        readyDataset(running, CANCEL_DATASET, 16, 20);
        SightlineClient client = running.client();
        ChromeDriver browser = chromium();
        try {
            WebDriverWait wait = openConsole(browser, running);
            // epochs enough that the run is still queued or running when the button is pressed; it stops there
            String jobId = client.startTraining(SightlineClient.object().put("model", CANCEL_MODEL)
                    .put("dataset", CANCEL_DATASET).put("architecture", "cnn").put("epochs", 200)
                    .put("imageSize", 16).put("batchSize", 4)).requireStatus(202).body().path("jobId").asText();

            By card = By.id("run-" + jobId);
            // the card is redrawn on each of the run's events: find the button again until a click lands
            wait.ignoring(StaleElementReferenceException.class).until(page -> {
                page.findElement(By.cssSelector("#run-" + jobId + " button.cancel")).click();
                return true;
            });
            Alert confirmation = wait.until(ExpectedConditions.alertIsPresent());
            assertThat(confirmation.getText()).contains(jobId);
            confirmation.accept();

            wait.until(ExpectedConditions.textToBePresentInElementLocated(card, "CANCELLED"));
            assertThat(browser.findElements(By.cssSelector("#run-" + jobId + " button.cancel"))).isEmpty();
            assertThat(client.trainerResource("/training-jobs/" + jobId).body().path("status").asText())
                    .isEqualTo("CANCELLED");
        } finally {
            browser.quit();
        }
    }

    @Test
    void aRetrainBindingIsSetAndRemovedFromTheConsole(RunningStack running) throws Exception {
        ChromeDriver browser = chromium();
        try {
            WebDriverWait wait = openConsole(browser, running);
            browser.findElement(By.cssSelector("#binding-form input[name=dataset]")).sendKeys(BOUND_DATASET);
            browser.findElement(By.cssSelector("#binding-form input[name=model]")).sendKeys(BOUND_MODEL);
            browser.findElement(By.cssSelector("#binding-form input[name=debounceSeconds]")).sendKeys("45");
            browser.findElement(By.id("set-binding")).click();

            String row = "#bindings tr[data-binding='" + BOUND_DATASET + "']";
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(row), "45 s"));
            assertThat(browser.findElement(By.cssSelector(row)).getText()).contains(BOUND_MODEL).contains("api");
            assertThat(running.client().trainerResource("/retrain-bindings/" + BOUND_DATASET).body()
                    .path("model").asText()).isEqualTo(BOUND_MODEL);

            browser.findElement(By.cssSelector(row + " button.remove-binding")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(row), 0));
            assertThat(running.client().trainerResource("/retrain-bindings/" + BOUND_DATASET).status())
                    .isEqualTo(404);
        } finally {
            browser.quit();
        }
    }

    /** A dataset of shapes imported through the API, READY. */
    private static JsonNode readyDataset(RunningStack running, String name, int size, int perClass) throws Exception {
        Path data = new ShapesDataset(size, 3).write(running.imports().resolve(name), perClass);
        SightlineClient client = running.client();
        String location = client.createDataset(name, data.toString(), 0.25, 7).requireStatus(202)
                .raw().headers().firstValue("Location").orElseThrow();
        JsonNode version = client.await(client.datasetUrl().resolve(location),
                SightlineClient.statusIn("READY", "REJECTED"), Duration.ofMinutes(2));
        assertThat(version.path("status").asText()).isEqualTo("READY");
        return version;
    }

    /** The console in the browser, once its live stream is connected. */
    private static WebDriverWait openConsole(ChromeDriver browser, RunningStack running) {
        browser.get(running.stack().url(Service.TRAINER).resolve("/console/").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(3));
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
        return wait;
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
