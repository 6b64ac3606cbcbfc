package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lists read page by page ({@code limit}, {@code after}, {@code Next-Cursor}) and cut by {@code --limit}. */
class PaginationTest {

    private Fakes fakes;

    @BeforeEach
    void start() throws IOException {
        fakes = new Fakes();
    }

    @AfterEach
    void stop() {
        fakes.close();
    }

    private static FakeService.Answer page(String body, String nextCursor) {
        return new FakeService.Answer(200, body, nextCursor == null ? Map.of() : Map.of("Next-Cursor", nextCursor));
    }

    private static String job(String id, String status) {
        return "{\"jobId\":\"" + id + "\",\"model\":\"m\",\"dataset\":\"d\",\"datasetVersion\":\"1\",\"status\":\""
                + status + "\",\"requestedAt\":\"2026-01-01T00:00:00Z\"}";
    }

    @Test
    void jobLsFollowsThreePagesWithTheFiltersOnEveryRequest() throws IOException {
        String filters = "GET /training-jobs?status=COMPLETED&model=m&dataset=d&limit=500";
        fakes.trainer.on(filters, page("[" + job("j5", "COMPLETED") + "," + job("j4", "COMPLETED") + "]", "c1"))
                .on(filters + "&after=c1", page("[" + job("j3", "COMPLETED") + "," + job("j2", "COMPLETED") + "]", "c2"))
                .on(filters + "&after=c2", page("[" + job("j1", "COMPLETED") + "]", null));

        Run text = fakes.run("job", "ls", "--status", "completed", "--model", "m", "--dataset", "d");
        Run json = fakes.run("jobs", "list", "--status", "COMPLETED", "-m", "m", "-d", "d", "-o", "json");

        assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCodes.OK);
        assertThat(fakes.trainer.requests).hasSize(6);
        assertThat(fakes.trainer.requests.subList(0, 3)).extracting(FakeService.Request::query).containsExactly(
                "status=COMPLETED&model=m&dataset=d&limit=500",
                "status=COMPLETED&model=m&dataset=d&limit=500&after=c1",
                "status=COMPLETED&model=m&dataset=d&limit=500&after=c2");
        assertThat(fakes.trainer.requests.get(2).header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(text.out()).containsPattern("JOB\\s+MODEL\\s+DATASET\\s+STATUS")
                .containsPattern("j5\\s+m\\s+d:1\\s+COMPLETED").contains("j3").contains("j1")
                .doesNotContain("more exist");
        JsonNode all = ServiceClient.JSON.readTree(json.out());
        assertThat(all).hasSize(5);
        assertThat(all.get(4).path("jobId").asText()).isEqualTo("j1");
    }

    @Test
    void limitAsksForNoMoreThanItShowsAndSaysWhenMoreExist() {
        fakes.dataset.on("GET /datasets?limit=3", page("[{\"name\":\"a\",\"versions\":1},{\"name\":\"b\",\"versions\":1}]",
                        "c1"))
                .on("GET /datasets?limit=1&after=c1", page("[{\"name\":\"c\",\"versions\":2}]", "c2"))
                .on("GET /datasets?limit=1&after=c2", page("[{\"name\":\"never-asked\",\"versions\":2}]", null));

        Run run = fakes.run("dataset", "list", "--limit", "3");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(fakes.dataset.requests).extracting(FakeService.Request::query)
                .containsExactly("limit=3", "limit=1&after=c1");
        assertThat(run.out()).containsPattern("a\\s+-\\s+1").containsPattern("c\\s+-\\s+2")
                .doesNotContain("never-asked").contains("(3 shown, more exist: raise --limit");
    }

    @Test
    void aServiceThatAnswersEverythingAtOnceIsCutHere() throws IOException {
        fakes.trainer.on("GET /retrain-bindings", page("[{\"dataset\":\"a\",\"model\":\"x\"},{\"dataset\":\"b\","
                + "\"model\":\"y\"},{\"dataset\":\"c\",\"model\":\"z\"}]", null));

        Run run = fakes.run("binding", "ls", "--limit", "2", "-o", "json");

        assertThat(ServiceClient.JSON.readTree(run.out())).hasSize(2);
        assertThat(fakes.trainer.requests).hasSize(1);
    }

    @Test
    void modelsAreListedAcrossPagesAndStillJoinedWithWhatServes() {
        fakes.trainer.on("GET /models?limit=500", page("[{\"name\":\"a\",\"versions\":1,\"latestVersion\":\"1\","
                        + "\"championVersion\":\"1\"}]", "n1"))
                .on("GET /models?limit=500&after=n1", page("[{\"name\":\"b\",\"versions\":2,\"latestVersion\":\"2\","
                        + "\"championVersion\":\"2\"}]", null));
        fakes.inference.on("GET /models", 200, "[{\"model\":\"b\",\"state\":\"SERVING\",\"servingVersion\":\"2\"}]");

        Run run = fakes.run("models");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).containsPattern("a\\s+1\\s+1\\s+1\\s+-").containsPattern("b\\s+2\\s+2\\s+2\\s+SERVING v2");
    }

    @Test
    void aDatasetsVersionsAreReadAcrossPages() throws IOException {
        fakes.dataset.on("GET /datasets/cats?limit=500", page("{\"name\":\"cats\",\"versions\":[{\"version\":\"3\","
                        + "\"status\":\"READY\"}]}", "v1"))
                .on("GET /datasets/cats?limit=500&after=v1", page("{\"name\":\"cats\",\"versions\":[{\"version\":\"2\","
                        + "\"status\":\"DELETED\"},{\"version\":\"1\",\"status\":\"READY\"}]}", null));

        Run text = fakes.run("dataset", "show", "cats");
        Run json = fakes.run("dataset", "show", "cats", "-o", "json");

        assertThat(text.out()).containsPattern("3\\s+READY").containsPattern("2\\s+DELETED").containsPattern("1\\s+READY");
        JsonNode detail = ServiceClient.JSON.readTree(json.out());
        assertThat(detail.path("name").asText()).isEqualTo("cats");
        assertThat(detail.path("versions")).hasSize(3);
    }

    @Test
    void aCursorThatComesBackStopsTheListInsteadOfLoopingForever() {
        fakes.trainer.on("GET /retrain-bindings?limit=500", page("[{\"dataset\":\"a\",\"model\":\"x\"}]", "same"))
                .on("GET /retrain-bindings?limit=500&after=same", page("[{\"dataset\":\"b\",\"model\":\"y\"}]", "same"));

        Run run = fakes.run("binding", "ls");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("the list's cursor same came back twice");
        assertThat(fakes.trainer.requests).hasSize(2);
    }

    @Test
    void aBadLimitOrStatusIsAUsageErrorBeforeAnyRequest() {
        assertThat(fakes.run("dataset", "list", "--limit", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fakes.run("job", "ls", "--status", "SLEEPING").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fakes.dataset.requests).isEmpty();
        assertThat(fakes.trainer.requests).isEmpty();
    }
}
