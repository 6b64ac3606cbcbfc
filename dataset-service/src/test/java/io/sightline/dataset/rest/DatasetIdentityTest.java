package io.sightline.dataset.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Identities against the running service: JWTs of an issuer made in the test, named hashed tokens, reads and
 * metrics protected, an unannotated endpoint denied, security headers on every answer.
 */
@QuarkusTest
@TestProfile(DatasetIdentityTest.WithIdentities.class)
@WithTestResource(TempStoreResource.class)
class DatasetIdentityTest {

    static final String READER = "reader-token-0123456789";
    static final String CI = "ci-token-0123456789";

    public static class WithIdentities implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.jwt.verify.publickey.location", TestIssuer.publicKeyPem().toString(),
                    "mp.jwt.verify.issuer", TestIssuer.ISSUER,
                    "mp.jwt.verify.audiences", TestIssuer.AUDIENCE,
                    "sightline.auth.jwt.role-mapping.\"ml-writers\"", "write,read",
                    "sightline.auth.token-list", "reader:" + sha256(READER) + ":read",
                    "sightline.auth.tokens.\"ci\".sha256", sha256(CI),
                    "sightline.auth.tokens.\"ci\".roles", "write",
                    "sightline.auth.protect-reads", "true",
                    "sightline.auth.protect-metrics", "true");
        }
    }

    private static final String BODY = "{\"name\":\"pets\",\"source\":\"/nowhere\",\"testRatio\":0.2}";

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

    @Test
    void aValidJwtWithTheRightGroupReadsAndAMappedGroupWrites() {
        as(TestIssuer.token("read")).get("/datasets").then().statusCode(200);
        as(TestIssuer.token("ml-writers")).contentType(ContentType.JSON).body(BODY).post("/datasets")
                .then().statusCode(400).body("error", not(containsString("token")));
    }

    @Test
    void aJwtWithoutTheRoleIsForbiddenAndTheAnswerNamesTheRole() {
        as(TestIssuer.token("predict")).get("/datasets")
                .then().statusCode(403).body("error", containsString("lacks the read role"));
        as(TestIssuer.token("read")).contentType(ContentType.JSON).body(BODY).post("/datasets")
                .then().statusCode(403).body("error", containsString("write"));
    }

    @Test
    void expiredForeignOrUnsignedJwtsAreRefused() {
        String expired = TestIssuer.token(TestIssuer.ISSUER, TestIssuer.AUDIENCE, Instant.now().minusSeconds(3600),
                TestIssuer.signingKey(), "read");
        String wrongIssuer = TestIssuer.token("https://elsewhere.test", TestIssuer.AUDIENCE,
                Instant.now().plusSeconds(300), TestIssuer.signingKey(), "read");
        String wrongAudience = TestIssuer.token(TestIssuer.ISSUER, "another-app", Instant.now().plusSeconds(300),
                TestIssuer.signingKey(), "read");
        String otherKey = TestIssuer.token(TestIssuer.ISSUER, TestIssuer.AUDIENCE, Instant.now().plusSeconds(300),
                TestIssuer.newKeyPair().getPrivate(), "read");
        for (String token : new String[] {expired, wrongIssuer, wrongAudience, otherKey, TestIssuer.unsigned("read")}) {
            as(token).get("/datasets").then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("error", containsString("invalid bearer token"));
        }
    }

    @Test
    void namedHashedTokensHaveTheirRolesOnly() {
        as(READER).get("/datasets").then().statusCode(200);
        as(READER).contentType(ContentType.JSON).body(BODY).post("/datasets")
                .then().statusCode(403).body("error", containsString("'reader' lacks the write role"));
        as(CI).contentType(ContentType.JSON).body(BODY).post("/datasets").then().statusCode(400);
        as(CI).get("/datasets").then().statusCode(403);
        as(sha256(READER)).get("/datasets").then().statusCode(401);
    }

    @Test
    void deletesNeedTheWriteRoleAndTheCollectionTheAdminRole() {
        as(READER).delete("/datasets/pets").then().statusCode(403).body("error", containsString("write"));
        as(READER).delete("/datasets/pets/versions/1").then().statusCode(403);
        as(READER).contentType(ContentType.JSON).body("{\"keepLast\":1}").put("/datasets/pets/retention")
                .then().statusCode(403);
        as(CI).delete("/datasets/pets").then().statusCode(404); // past the role check: there is no such dataset
        as(CI).post("/admin/gc").then().statusCode(403).body("error", containsString("admin"));
        as(READER).post("/admin/gc").then().statusCode(403);
        given().post("/admin/gc").then().statusCode(401);
    }

    @Test
    void readsNeedATokenWhenProtected() {
        given().get("/datasets").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error", containsString("bearer token"));
        given().get("/datasets/pets/versions/1/manifest").then().statusCode(401);
    }

    @Test
    void healthAndOpenApiStayOpenAndMetricsFollowTheirSetting() {
        given().get("/q/health/ready").then().statusCode(200);
        given().header("Authorization", "Bearer wrong").get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(401);
        as(CI).get("/q/metrics").then().statusCode(403);
        as(READER).get("/q/metrics").then().statusCode(200);
    }

    @Test
    void anEndpointWithoutAnnotationIsDenied() {
        as(READER).get(UnannotatedProbeResource.PATH).then().statusCode(403);
        given().get(UnannotatedProbeResource.PATH).then().statusCode(anyOf(is(401), is(403)));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        as(READER).get("/datasets").then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"));
        given().get("/datasets").then().statusCode(401).header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
