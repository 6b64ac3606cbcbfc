package io.sightline.e2e.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.storage.StoreJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything on some topics, read from the beginning by a consumer group of its own (a real
 * {@link KafkaConsumer}, so what it counts is what any consumer would see). Keeps every record once: one
 * read again (the group commits nothing, so it starts over when it rejoins after a broker restart) is not
 * counted twice; a record written twice by a producer is.
 */
final class TopicLog implements AutoCloseable {

    /** One record: topic, key, CloudEvent type and id (from the headers), raw value, parsed JSON or null. */
    record Event(String topic, int partition, long offset, String key, String type, String id, String value,
                 JsonNode json) {

        String field(String name) {
            return json == null ? null : json.path(name).asText(null);
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Event> seen = new ArrayList<>();
    /** topic/partition/offset of every record kept: a consumer that rejoins after a broker restart reads again. */
    private final Set<String> positions = new HashSet<>();

    TopicLog(String bootstrap, String... topics) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "fault-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // topics created later (a dead-letter topic, say) are picked up within a second
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        String pattern = List.of(topics).stream().map(Pattern::quote).collect(Collectors.joining("|"));
        consumer.subscribe(Pattern.compile(pattern));
    }

    /** Waits for a record matching {@code what}; fails with {@code context} (e.g. a log tail) if none comes. */
    Event await(Predicate<Event> what, Duration timeout, java.util.function.Supplier<String> context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Event event : seen) {
                if (what.test(event)) {
                    return event;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching record within " + timeout + "; seen " + seen.size()
                        + " records\n" + context.get());
            }
            poll(Duration.ofMillis(300));
        }
    }

    /** Reads on until nothing new has arrived for {@code quiet}; returns every record matching {@code what}. */
    List<Event> settle(Predicate<Event> what, Duration quiet) {
        long quietUntil = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < quietUntil) {
            if (poll(Duration.ofMillis(300)) > 0) {
                quietUntil = System.nanoTime() + quiet.toNanos();
            }
        }
        return all(what);
    }

    /** Records read so far that match. */
    List<Event> all(Predicate<Event> what) {
        return seen.stream().filter(what).toList();
    }

    private int poll(Duration timeout) {
        int n = 0;
        for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
            if (positions.add(record.topic() + "/" + record.partition() + "/" + record.offset())) {
                seen.add(new Event(record.topic(), record.partition(), record.offset(), record.key(),
                        header(record, "ce_type"), header(record, "ce_id"), record.value(), parse(record.value())));
                n++;
            }
        }
        return n;
    }

    private static JsonNode parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return StoreJson.mapper().readTree(value);
        } catch (Exception notJson) {
            return null;
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
