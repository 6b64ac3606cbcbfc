package io.sightline.trainer.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreKeys;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trainer with named tokens and protected reads: promoting a version the gate refuses needs admin, the
 * console's data follows the read role, its pages and the API carry the security headers.
 */
@QuarkusTest
@TestProfile(TrainerAccessTest.WithTokens.class)
@WithTestResource(InMemoryKafka.class)
@WithTestResource(DatasetServicePort.class)
class TrainerAccessTest {

    static final String WRITER = "writer-token-0123456789";
    static final String ADMIN = "admin-token-0123456789";
    static final String READER = "reader-token-0123456789";

    public static class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sightline.auth.token-list", "writer:" + sha256(WRITER) + ":read+write,admin:" + sha256(ADMIN)
                            + ":admin,reader:" + sha256(READER) + ":read",
                    "sightline.auth.protect-reads", "true",
                    "sightline.trainer.promotion.min-accuracy", "0.9");
        }
    }

    @Inject
    ArtifactStore store;

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    /** Version 1 scored below the gate's floor, version 2 above it. */
    @BeforeEach
    void publishVersions() throws IOException {
        publish("1", 0.5);
        publish("2", 0.95);
    }

    private void publish(String version, double accuracy) throws IOException {
        String metrics = String.format(Locale.ROOT, "{\"model\":\"gated\",\"version\":\"%s\",\"architecture\":\"cnn\","
                + "\"test\":{\"split\":\"test\",\"count\":10,\"accuracy\":%s,\"loss\":1.0},"
                + "\"lineage\":{\"jobId\":\"job-%s\",\"dataset\":\"shapes\",\"datasetVersion\":\"1\"}}",
                version, accuracy, version);
        store.write(StoreKeys.metrics("gated", version), metrics.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void promotingAVersionTheGateRefusedNeedsAdmin() {
        as(WRITER).post("/models/gated/versions/1/promote").then().statusCode(403)
                .body("error", containsString("promotion gate refuses"))
                .body("error", containsString("admin"));
        as(ADMIN).post("/models/gated/versions/1/promote").then().statusCode(200).body("version", equalTo("1"));
    }

    @Test
    void aNormalPromotionNeedsWriteOnly() {
        as(WRITER).post("/models/gated/versions/2/promote").then().statusCode(200).body("version", equalTo("2"));
        as(READER).post("/models/gated/versions/2/promote").then().statusCode(403)
                .body("error", containsString("lacks the write or admin role"));
        given().post("/models/gated/versions/2/promote").then().statusCode(401);
    }

    @Test
    void readsAndTheConsolesDataNeedTheReadRole() {
        given().get("/models").then().statusCode(401);
        given().get("/console/api/datasets").then().statusCode(401);
        given().get("/training-jobs").then().statusCode(401);
        as(READER).get("/models").then().statusCode(200);
        as(READER).get("/console/api/datasets").then().statusCode(200);
        as(ADMIN).get("/training-jobs").then().statusCode(403);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void retrainBindingsAreChangedWithWriteAndSeenWithRead() {
        as(READER).contentType("application/json").body("{\"model\":\"m\"}").put("/retrain-bindings/access-ds")
                .then().statusCode(403);
        as(WRITER).contentType("application/json").body("{\"model\":\"m\"}").put("/retrain-bindings/access-ds")
                .then().statusCode(200).body("by", equalTo("writer"));
        given().get("/retrain-bindings/access-ds").then().statusCode(401);
        as(READER).get("/retrain-bindings/access-ds").then().statusCode(200).body("model", equalTo("m"));
        as(READER).delete("/retrain-bindings/access-ds").then().statusCode(403);
        as(WRITER).delete("/retrain-bindings/access-ds").then().statusCode(204);
    }

    @Test
    void theConsolesDeletesAndUploadsNeedTheWriteRole() {
        as(READER).delete("/console/api/datasets/x").then().statusCode(403);
        as(READER).delete("/console/api/datasets/x/versions/1").then().statusCode(403);
        as(READER).contentType("application/x-tar").body(new byte[512]).post("/console/api/datasets/x/archive")
                .then().statusCode(403);
        given().delete("/console/api/datasets/x").then().statusCode(401);
    }

    @Test
    void theConsoleIsServedWithSecurityHeaders() {
        given().get("/console/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"));
        given().get("/console/console.js").then().statusCode(200).header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
