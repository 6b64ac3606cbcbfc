package io.sightline.dataset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With a token configured, writes need it and reads do not. */
@QuarkusTest
@TestProfile(DatasetAuthTest.WithToken.class)
@WithTestResource(TempStoreResource.class)
class DatasetAuthTest {

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sightline.auth.token", "s3cret");
        }
    }

    private static final String BODY = "{\"name\":\"pets\",\"source\":\"/nowhere\",\"testRatio\":0.2}";

    @Test
    void aWriteWithoutTheTokenIsRefusedWithAChallenge() {
        given().contentType(ContentType.JSON).body(BODY)
                .when().post("/datasets")
                .then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error", containsString("bearer token"));
    }

    @Test
    void aWrongTokenIsRefused() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer guess").body(BODY)
                .when().post("/datasets")
                .then().statusCode(401);
        given().contentType("application/zip").header("Authorization", "Bearer guess").body(new byte[] {1, 2})
                .when().post("/datasets/pets/archive")
                .then().statusCode(401);
    }

    @Test
    void theRightTokenGetsPastTheCheckToValidation() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret").body(BODY)
                .when().post("/datasets")
                .then().statusCode(400)
                .body("error", not(containsString("bearer")));
    }

    @Test
    void readsStayOpen() {
        given().when().get("/datasets").then().statusCode(200);
    }
}
