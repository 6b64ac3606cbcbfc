package io.sightline.dataset.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.sightline.dataset.rest.TempStoreResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The import warm-up (decision 113) runs real imports before the service is ready, and leaves nothing behind. */
@QuarkusTest
@TestProfile(ImportWarmUpTest.Warming.class)
@WithTestResource(TempStoreResource.class)
class ImportWarmUpTest {

    static final Path WORK = Path.of(System.getProperty("java.io.tmpdir"), "sightline-warm-up-test-work");

    public static class Warming implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sightline.dataset.warm-up.files", "45", "sightline.dataset.warm-up.rounds", "2",
                    "sightline.dataset.work-dir", WORK.toString());
        }
    }

    @Test
    void readyOnceTwoImportsOfTheGeneratedImagesPassedAndTheirFolderIsGone() throws Exception {
        JsonPath check = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonPath health = given().when().get("/q/health/ready").then().extract().jsonPath();
            check = health.setRootPath("checks.find { it.name == 'import-warm-up' }");
            if (!"running".equals(check.getString("data.state"))) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(check).isNotNull();
        assertThat(check.getString("data.state")).isEqualTo("done");
        assertThat(check.getString("status")).isEqualTo("UP");
        assertThat(check.getInt("data.imports")).isEqualTo(2);
        try (Stream<Path> left = Files.list(WORK)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("warm-up-"))).isEmpty();
        } catch (IOException e) {
            assertThat(Files.exists(WORK)).as("work dir listing failed: " + e).isFalse();
        }
        // its requests are not counted as traffic (they were made: the warm-up's log says so at debug level)
        assertThat(given().when().get("/q/metrics").then().statusCode(200).extract().asString())
                .doesNotContain("uri=\"/datasets\"");
        // the service's own store saw none of it
        given().when().get("/datasets").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("warm-up")));
    }
}
