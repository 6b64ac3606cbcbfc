package io.sightline.dataset.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sightline.dataset.ImportQueueFullException;
import io.sightline.kit.rest.ErrorBody;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

/** Per-route body limits, the archive's media types and the full queue's answer. */
@QuarkusTest
@WithTestResource(TempStoreResource.class)
class BodyLimitsResourceTest {

    @TestHTTPResource
    URI base;

    @Test
    void aJsonBodyOverOneMebibyteIsRefusedDeclaredOrChunked() throws Exception {
        String padded = "{\"name\": \"big\", \"source\": \"" + "x".repeat(1 << 20) + "\"}";
        given().contentType(ContentType.JSON).body(padded).when().post("/datasets")
                .then().statusCode(413).body("error", containsString("JSON body is at most 1048576 bytes"));
        given().contentType(ContentType.JSON).body(padded).when().post("/datasets/layout")
                .then().statusCode(413);

        // no Content-Length: the body streams, and is cut one byte past the limit
        byte[] start = "{\"name\": \"".getBytes(StandardCharsets.US_ASCII); // then a name that never ends
        InputStream endless = new InputStream() {
            private long sent;

            @Override
            public int read() {
                return sent < start.length ? start[(int) sent++] : sent++ < 64L << 20 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= 64L << 20) { // far past the limit: the answer must come long before
                    return -1;
                }
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/datasets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.body()).contains("JSON body is at most");
        given().contentType(ContentType.JSON).body("{\"name\": \"ok\", \"source\": \"/nowhere\"}").post("/datasets")
                .then().statusCode(400); // a small body still reaches the service
    }

    @Test
    void theArchiveTakesOnlyArchiveMediaTypesNotWhatAPageMaySendCrossOrigin() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String simple : List.of("text/plain", "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded", "application/json")) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(base.resolve("/datasets/cors/archive"))
                    .header("Content-Type", simple).POST(HttpRequest.BodyPublishers.ofString("PK not really")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(simple).isEqualTo(415);
            assertThat(refused.body()).as(simple).startsWith("{\"error\"");
        }
        for (String archive : List.of("application/zip", "application/x-tar", "application/gzip",
                "application/x-gzip", "application/x-compressed-tar", "application/octet-stream")) {
            given().contentType(archive).body("no archive".getBytes(StandardCharsets.UTF_8))
                    .when().post("/datasets/cors/archive")
                    .then().statusCode(400).body("error", containsString("not a zip, tar or tar.gz"));
        }
        given().get("/datasets/cors").then().statusCode(404); // nothing was queued
    }

    @Test
    void aFullQueueIsAnswered429WithRetryAfter() {
        RestResponse<ErrorBody> answer = new ErrorMappers().queueFull(
                new ImportQueueFullException("the import queue is full", Duration.ofSeconds(12)));
        assertThat(answer.getStatus()).isEqualTo(429);
        assertThat(answer.getHeaderString("Retry-After")).isEqualTo("12");
        assertThat(answer.getEntity().error()).contains("queue is full");
    }
}
