package io.sightline.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.sightline.kit.rest.Pages;
import io.sightline.trainer.registry.PublishedModels;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The lists over HTTP: jobs newest first in pages that stay complete while jobs are added, filters, a job known only
 * from its summary in the store, models by name; bad values answered 400 naming what is allowed.
 */
@QuarkusTest
@WithTestResource(InMemoryKafka.class)
@WithTestResource(DatasetServicePort.class) // the same resources as TrainerApiTest: one app for both
class JobListApiTest {

    @Inject
    PublishedModels registry;

    private static String queue(String model) {
        return given().contentType(ContentType.JSON).body("{\"model\":\"" + model + "\",\"dataset\":\"shapes\"}")
                .when().post("/training-jobs").then().statusCode(202).extract().path("jobId");
    }

    /** Follows the Link header from the first page to the last; {@code between} runs before each next page. */
    private static List<String> follow(String firstPage, String field, Runnable between) {
        List<String> seen = new ArrayList<>();
        Response page = given().when().get(firstPage);
        while (true) {
            page.then().statusCode(200);
            seen.addAll(page.jsonPath().getList(field, String.class));
            String link = page.header("Link");
            if (link == null) {
                assertThat(page.header(Pages.NEXT_CURSOR)).isNull();
                return seen;
            }
            assertThat(link).endsWith(">; rel=\"next\"").contains("after=" + page.header(Pages.NEXT_CURSOR));
            between.run();
            page = given().urlEncodingEnabled(false).when().get(link.substring(1, link.indexOf('>')));
        }
    }

    @Test
    void jobPagesAreCompleteAndStableWhileJobsAreQueued() {
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(0, queue("paged"));
        }
        List<String> newestFirst = given().when().get("/training-jobs?model=paged&limit=1000")
                .then().statusCode(200).extract().jsonPath().getList("jobId", String.class);
        assertThat(newestFirst).containsExactlyInAnyOrderElementsOf(queued);

        List<String> paged = follow("/training-jobs?model=paged&status=QUEUED&limit=2", "jobId", () -> queue("paged"));

        assertThat(paged).containsExactlyElementsOf(newestFirst);
        assertThat(given().when().get("/training-jobs?model=paged&limit=1000").jsonPath().getList("jobId"))
                .hasSize(7);
    }

    @Test
    void aJobKnownOnlyFromItsStoredSummaryIsListedAndAnswers() {
        String id = InMemoryKafka.OLD_JOB.jobId();
        given().when().get("/training-jobs/" + id).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("epochs.size()", equalTo(2))
                .body("epochs[1].phase", equalTo("train"))
                .body("promotion", equalTo("first version"));
        given().when().get("/training-jobs?model=old-model").then().statusCode(200)
                .body("jobId", equalTo(List.of(id)));
        given().when().get("/training-jobs?status=completed,failed&dataset=shapes").then().statusCode(200)
                .body("jobId", hasItem(id));
        given().when().get("/training-jobs?status=QUEUED&model=old-model").then().statusCode(200)
                .body("size()", equalTo(0));
        // the oldest request of all: last on the unfiltered list
        List<String> all = follow("/training-jobs?limit=1000", "jobId", () -> { });
        assertThat(all).last().isEqualTo(id);
    }

    @Test
    void badListValuesAreRefusedNamingWhatIsAllowed() {
        given().when().get("/training-jobs?status=DONE").then().statusCode(400)
                .body("error", containsString("status must be one or more of [QUEUED, RUNNING, COMPLETED, FAILED"))
                .body("error", containsString("got: DONE"));
        given().when().get("/training-jobs?model=a b").then().statusCode(400).body("error", containsString("model must"));
        given().when().get("/training-jobs?dataset=..").then().statusCode(400).body("error", containsString("dataset must"));
        given().when().get("/training-jobs?limit=0").then().statusCode(400)
                .body("error", containsString("limit must be between 1 and 1000"));
        given().when().get("/training-jobs?limit=ten").then().statusCode(400)
                .body("error", containsString("limit must be a whole number"));
        given().when().get("/models?after=%25%25%25").then().statusCode(400)
                .body("error", containsString("after must be a cursor"));
        given().when().get("/models?limit=1001").then().statusCode(400);
    }

    @Test
    void modelsArePagedByName() throws Exception {
        for (String model : List.of("page-c", "page-a", "page-b")) {
            registry.publish(model, (dir, version) -> Files.writeString(dir.resolve("model.params"), "w"));
        }
        Supplier<List<String>> everyName = () -> follow("/models?limit=1", "name", () -> { });
        List<String> names = everyName.get();

        assertThat(names).isSorted().doesNotHaveDuplicates().containsSubsequence("page-a", "page-b", "page-c");
        assertThat(given().when().get("/models?limit=1000").jsonPath().getList("name", String.class))
                .containsExactlyElementsOf(names);
    }
}
