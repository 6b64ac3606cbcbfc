package io.sightline.trainer.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** What the dead-letter API owns and how it shows a record, without a broker. */
class DeadLetterContentTest {

    @Test
    void theRoutesAreTheChannelsThatDeadLetterAsConfigured() {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "mp.messaging.incoming.datasets.topic", "sightline.datasets",
                "mp.messaging.incoming.datasets.failure-strategy", "dead-letter-queue",
                "mp.messaging.incoming.datasets.dead-letter-queue.topic", "sightline.datasets.dlq",
                "mp.messaging.incoming.defaulted.failure-strategy", "dead-letter-queue",
                "mp.messaging.incoming.feed.topic", "sightline.models",
                "mp.messaging.incoming.feed.failure-strategy", "ignore"), "test", 100)).build();

        DeadLetterRoutes routes = DeadLetterRoutes.of(config);

        assertThat(routes.deadLetterTopics()).containsExactly("dead-letter-topic-defaulted", "sightline.datasets.dlq");
        assertThat(routes.sourceOf("sightline.datasets.dlq")).contains("sightline.datasets");
        assertThat(routes.sourceOf("sightline.models.dlq")).isEmpty();
        assertThat(routes.isSource("sightline.datasets")).isTrue();
        assertThat(routes.isSource("sightline.models")).isFalse();
        assertThat(routes.isSource(null)).isFalse();
    }

    @Test
    void aRecordShowsItsDeadLetterAndCloudEventHeadersAndItsPayloadAsBoundedText() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", bytes("dataset.split")).add("content-type", bytes("application/json"))
                .add("dead-letter-reason", bytes("JsonParseException: broken"))
                .add("dead-letter-topic", bytes("sightline.datasets")).add("traceparent", bytes("00-abc"))
                .add(DeadLetterContent.REPLAY_ID, bytes("r-1"));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("sightline.datasets.dlq", 0, 7, 1_000L,
                TimestampType.CREATE_TIME, 4, 9, bytes("cats"), bytes("{not json"), headers, Optional.empty());

        DeadLetterRecord shown = DeadLetterContent.of(record);

        assertThat(shown.deadLetter()).containsOnly(Map.entry("dead-letter-reason", "JsonParseException: broken"),
                Map.entry("dead-letter-topic", "sightline.datasets"));
        assertThat(shown.cloudEvent()).containsOnlyKeys("ce_type", "content-type");
        assertThat(shown.key().text()).isEqualTo("cats");
        assertThat(shown.payload()).isEqualTo(new DeadLetterRecord.Content(9, "{not json", null));
        assertThat(shown.replays()).containsExactly("r-1");
        assertThat(DeadLetterContent.carriedOver("dead-letter-reason")).isFalse();
        assertThat(DeadLetterContent.carriedOver("ce_type")).isTrue();
        assertThat(DeadLetterContent.carriedOver(DeadLetterContent.REPLAY_ID)).isTrue();
    }

    @Test
    void bytesThatAreNotUtf8OrTooLongShowAsTheirSizeAndABase64Prefix() {
        byte[] notText = {(byte) 0xff, (byte) 0xfe, 0x41};
        byte[] tooLong = new byte[DeadLetterContent.MAX_TEXT_BYTES + 1];
        Arrays.fill(tooLong, (byte) 'a');

        assertThat(DeadLetterContent.content(notText))
                .isEqualTo(new DeadLetterRecord.Content(3, null, Base64.getEncoder().encodeToString(notText)));
        DeadLetterRecord.Content big = DeadLetterContent.content(tooLong);
        assertThat(big.text()).isNull();
        assertThat(big.size()).isEqualTo(tooLong.length);
        assertThat(Base64.getDecoder().decode(big.base64Prefix())).hasSize(DeadLetterContent.BASE64_PREFIX_BYTES);
        assertThat(DeadLetterContent.content(new byte[DeadLetterContent.MAX_TEXT_BYTES]).text()).isNotNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
