package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets as they ship: layout options, the layout preview of a folder, class display names, against fakes. */
class DatasetLayoutTest {

    private static final String ACCEPTED = "{\"name\":\"signs\",\"version\":\"1\",\"status\":\"PENDING\"}";
    private static final String READY = """
            {"name":"signs","version":"1","status":"READY","layout":"csv","digest":"sha256:0123456789abcdef0123",
             "counts":{"00014":{"train":8,"test":2,"validation":0,"total":10},
                       "00017":{"train":4,"test":1,"validation":0,"total":5}},
             "submittedAt":"2026-01-01T00:00:00Z","completedAt":"2026-01-01T00:00:01Z"}""";
    private static final String SPLIT_FOLDERS = """
            {"layout":"split-folders","detected":true,"why":"top folders train/ and test/ hold class folders",
             "classes":["cat","dog"],"images":120,"splits":{"train":100,"test":20},"labelsFile":null,"ignored":3}""";

    @TempDir
    Path work;

    private FakeService dataset;
    private FakeService inference;
    private Map<String, String> env;

    @BeforeEach
    void fakes() throws IOException {
        dataset = new FakeService();
        inference = new FakeService();
        env = Map.of("SIGHTLINE_DATASET_URL", dataset.url().toString(),
                "SIGHTLINE_INFERENCE_URL", inference.url().toString());
    }

    @AfterEach
    void stop() {
        dataset.close();
        inference.close();
    }

    private Run run(String... args) {
        return Run.of(env, args);
    }

    @Test
    void layoutOptionsGoInTheBodyOfTheLayoutRequestAndOfTheImport() throws IOException {
        Path source = Files.createDirectories(work.resolve("gtsrb"));
        dataset.on("POST /datasets/layout", 200, """
                        {"layout":"csv","detected":false,"classes":["00014","00017"],"images":15,"splits":null,
                         "labelsFile":"Train.csv","ignored":0}""")
                .on("POST /datasets", 202, ACCEPTED)
                .on("GET /datasets/signs/versions/1", 200, READY);

        Run run = run("dataset", "create", "signs", "--from", source.toString(), "--layout", "CSV",
                "--labels", "Train.csv", "--path-column", "Path", "--label-column", "ClassId", "--crop", "roi",
                "--class-names", "signnames.csv", "--corrupt-files", "exclude", "--label-conflicts", "warn",
                "--near-duplicates", "reject", "--no-wait");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(dataset.requests).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /datasets/layout", "POST /datasets");
        String expected = "{\"name\":\"signs\",\"source\":\"" + source.toAbsolutePath() + "\",\"layout\":\"csv\","
                + "\"labelsFile\":\"Train.csv\",\"pathColumn\":\"Path\",\"labelColumn\":\"ClassId\",\"crop\":\"roi\","
                + "\"classNames\":\"signnames.csv\",\"corruptFiles\":\"exclude\",\"labelConflicts\":\"warn\","
                + "\"nearDuplicates\":\"reject\"}";
        assertThat(dataset.requests.get(0).text()).isEqualTo(expected);
        assertThat(dataset.requests.get(1).text()).isEqualTo(expected);
        assertThat(run.out()).contains("layout: csv (as asked) - 2 classes, 15 images, labels Train.csv\n");
    }

    @Test
    void unsetOptionsAreLeftToTheService() throws IOException {
        dataset.on("POST /datasets/layout", 200, SPLIT_FOLDERS).on("POST /datasets", 202, ACCEPTED);

        Run run = run("dataset", "create", "signs", "--from", work.toString(), "--no-wait");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        JsonNode body = ServiceClient.JSON.readTree(dataset.requests.get(1).text());
        assertThat(body.size()).as(body.toString()).isEqualTo(2);
    }

    @Test
    void anArchiveCarriesTheOptionsInItsQueryAndIsNotPreviewed() throws IOException {
        Path archive = Files.write(work.resolve("pets.zip"), new byte[] {1, 2, 3});
        dataset.on("POST /datasets/signs/archive", 202, ACCEPTED);

        Run run = run("dataset", "create", "signs", "--from", archive.toString(), "--seed", "7",
                "--layout", "filename", "--filename-pattern", "^([a-z]+)_\\d+", "--near-duplicates", "warn",
                "--no-wait");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(dataset.requests).hasSize(1);
        assertThat(dataset.requests.get(0).query()).isEqualTo("seed=7&layout=filename"
                + "&filenamePattern=%5E%28%5Ba-z%5D%2B%29_%5Cd%2B&nearDuplicates=warn");
        assertThat(run.out()).doesNotContain("layout:");
    }

    @Test
    void aValueOutsideAnOptionsChoicesIsAUsageErrorBeforeAnyRequest() {
        Run layout = run("dataset", "create", "signs", "--from", work.toString(), "--layout", "folders");
        Run conflicts = run("dataset", "create", "signs", "--from", work.toString(), "--label-conflicts", "ignore");
        Run crop = run("dataset", "create", "signs", "--from", work.toString(), "--crop", "box");

        assertThat(layout.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(layout.err()).contains("Invalid value for option '--layout': 'folders' is not one of"
                + " class-folders, split-folders, csv, filename");
        assertThat(conflicts.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(conflicts.err()).contains("'ignore' is not one of reject, warn");
        assertThat(crop.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(crop.err()).contains("'box' is not one of roi, none");
        assertThat(dataset.requests).isEmpty();
    }

    @Test
    void aDetectedLayoutIsPrintedBeforeTheImport() {
        dataset.on("POST /datasets/layout", 200, SPLIT_FOLDERS).on("POST /datasets", 202, ACCEPTED);

        Run run = run("dataset", "create", "signs", "--from", work.toString(), "--no-wait");

        assertThat(run.out()).startsWith("layout: split-folders (detected: top folders train/ and test/ hold class"
                + " folders) - 2 classes, 120 images (train 100, test 20)\n"
                + "dataset signs version 1 accepted");
    }

    @Test
    void aLayoutTheServiceRefusesStopsTheCreateWithAUsageError() {
        dataset.on("POST /datasets/layout", 400, "{\"error\":\"ambiguous layout: both class folders and a labels"
                + " file (Train.csv); name one with layout\"}");

        Run run = run("dataset", "create", "signs", "--from", work.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("dataset-service: ambiguous layout: both class folders and a labels file"
                + " (Train.csv); name one with layout (HTTP 400)");
        assertThat(dataset.requests).extracting(FakeService.Request::path).containsExactly("/datasets/layout");
    }

    @Test
    void anOlderServiceWithoutTheLayoutEndpointImportsWithoutALayoutLine() {
        dataset.on("POST /datasets", 202, ACCEPTED); // POST /datasets/layout: the fake's 404

        Run run = run("dataset", "create", "signs", "--from", work.toString(), "--no-wait");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).doesNotContain("layout").startsWith("dataset signs version 1 accepted");
        assertThat(dataset.requests).extracting(FakeService.Request::path)
                .containsExactly("/datasets/layout", "/datasets");
    }

    @Test
    void showPrintsTheLayoutAndTheClassNamesOfTheVersion() {
        dataset.on("GET /datasets/signs/versions/1", 200, READY.replace("\"layout\":\"csv\",",
                "\"layout\":\"csv\",\"classNames\":{\"00014\":\"Stop\",\"00017\":\"No entry\"},"));

        Run run = run("dataset", "show", "signs:1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("layout: csv\n")
                .containsPattern("CLASS\\s+NAME\\s+TRAIN")
                .containsPattern("00014\\s+Stop\\s+8\\s+2\\s+0\\s+10")
                .containsPattern("00017\\s+No entry\\s+4\\s+1\\s+0\\s+5")
                .containsPattern("\\(all\\)\\s+12\\s+3\\s+0\\s+15");
    }

    @Test
    void showWithoutClassNamesKeepsTheTableAsItWas() {
        dataset.on("GET /datasets/signs/versions/1", 200, READY.replace("\"layout\":\"csv\",", "\"classNames\":null,"));

        Run run = run("dataset", "show", "signs:1");

        assertThat(run.out()).doesNotContain("NAME").doesNotContain("layout")
                .containsPattern("00014\\s+8\\s+2\\s+0\\s+10");
    }

    @Test
    void predictShowsTheDisplayNameBesideALabelItDiffersFrom() throws IOException {
        Path image = Files.write(work.resolve("sign.png"), new byte[] {1});
        inference.on("POST /predict/signs", 200, "{\"model\":\"signs\",\"version\":\"1\",\"predictions\":["
                + "{\"label\":\"00014\",\"name\":\"Stop\",\"probability\":0.9},"
                + "{\"label\":\"cat\",\"name\":\"cat\",\"probability\":0.06},"
                + "{\"label\":\"00017\",\"probability\":0.04}],\"latencyMs\":1}");

        Run run = run("predict", "signs", image.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).containsPattern("1\\s+00014 \\(Stop\\)\\s+90\\.0%")
                .containsPattern("2\\s+cat\\s+6\\.0%").doesNotContain("cat (cat)")
                .containsPattern("3\\s+00017\\s+4\\.0%");
    }
}
