package io.sightline.inference.routing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.sightline.events.ModelTrafficChanged;
import io.sightline.events.Topics;
import io.sightline.events.TrafficTarget;
import io.sightline.inference.rest.InMemoryRegistryResource;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/** Traffic records as the Kafka connector delivers them (CloudEvent type, key, JSON text) reach the router. */
@QuarkusTest
@QuarkusTestResource(InMemoryRegistryResource.class)
class TrafficChannelTest {

    static long offset;

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ObjectMapper json;

    void send(String key, ModelTrafficChanged split) throws Exception {
        String payload = json.writeValueAsString(split);
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.MODELS, 0, offset++, key, payload);
        var cloudEvent = new DefaultIncomingCloudEventMetadata<String>(
                OutgoingCloudEventMetadata.<String>builder().withId(split.id()).withType(ModelTrafficChanged.TYPE)
                        .withSource(java.net.URI.create("/sightline/trainer-service")).build());
        connector.<Message<String>>source(TrafficConsumer.CHANNEL).send(Message.of(payload, Metadata.of(
                new IncomingKafkaRecordMetadata<>(record, TrafficConsumer.CHANNEL), cloudEvent)));
    }

    static ModelTrafficChanged split(TrafficTarget canary) {
        return new ModelTrafficChanged(UUID.randomUUID().toString(), "canaried", canary, null, "test", Instant.now(),
                "test");
    }

    @Test
    void aCanaryRecordIsAppliedAndAHostileOneIsNot() throws Exception {
        send("canaried/traffic", split(new TrafficTarget("2", "models/canaried/2", 30)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/traffic/canaried").then()
                .statusCode(200).body("canary.version", equalTo("2")).body("canary.percent", equalTo(30)));

        // another model's artefact, and a record under the model's own key: both refused, the canary stays
        send("canaried/traffic", split(new TrafficTarget("3", "models/other/3", 30)));
        send("canaried", split(new TrafficTarget("4", "models/canaried/4", 30)));
        send("canaried/traffic", split(new TrafficTarget("5", "models/canaried/5", 0)));
        given().get("/traffic/canaried").then().statusCode(200).body("canary.version", equalTo("2"));

        send("canaried/traffic", split(null));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/traffic/canaried").then()
                .statusCode(200).body("canary", nullValue()));
        given().get("/traffic/..%2Fx").then().statusCode(400);
    }
}
