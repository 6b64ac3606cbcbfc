package io.sightline.trainer.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Writes chosen dead letters back to the topic they came from (their {@code dead-letter-topic} header), with their
 * key, value and headers, marked with the replay's id. The key picks the partition, as it did for the original
 * producer. A record whose header names a topic this service does not read is refused, never written.
 */
final class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    private final DeadLetterRoutes routes;
    private final DeadLetterClients clients;

    DeadLetterReplay(DeadLetterRoutes routes, DeadLetterClients clients) {
        this.routes = routes;
        this.clients = clients;
    }

    ReplayReport replay(String deadLetterTopic, List<ConsumerRecord<byte[], byte[]>> records) {
        String replayId = UUID.randomUUID().toString();
        List<ReplayReport.Refusal> refused = new ArrayList<>();
        Map<String, Integer> toTopics = new TreeMap<>();
        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Header origin = record.headers().lastHeader(DeadLetterContent.DEAD_LETTER_TOPIC);
                String target = origin == null || origin.value() == null ? null
                        : new String(origin.value(), StandardCharsets.UTF_8);
                if (!routes.isSource(target)) {
                    refused.add(new ReplayReport.Refusal(record.partition(), record.offset(), target == null
                            ? "the record has no dead-letter-topic header"
                            : "it came from " + target + ", not a topic of this service " + routes.sources()));
                    continue;
                }
                ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(target, null, record.key(), record.value());
                for (Header header : record.headers()) {
                    if (DeadLetterContent.carriedOver(header.key())) {
                        copy.headers().add(header);
                    }
                }
                copy.headers().add(DeadLetterContent.REPLAY_ID, replayId.getBytes(StandardCharsets.UTF_8));
                copy.headers().add(DeadLetterContent.REPLAYED_FROM, (deadLetterTopic + "/" + record.partition() + "/"
                        + record.offset()).getBytes(StandardCharsets.UTF_8));
                try {
                    sent.add(new Sent(record, target, producer.send(copy)));
                } catch (KafkaException e) {
                    refused.add(new ReplayReport.Refusal(record.partition(), record.offset(),
                            "not written: " + e.getMessage()));
                }
            }
            producer.flush();
            for (Sent one : sent) {
                String failure = awaited(one.written());
                if (failure == null) {
                    toTopics.merge(one.target(), 1, Integer::sum);
                } else {
                    refused.add(new ReplayReport.Refusal(one.record().partition(), one.record().offset(),
                            "not written: " + failure));
                }
            }
        }
        int replayed = toTopics.values().stream().mapToInt(Integer::intValue).sum();
        LOG.infof("replay %s of %s: %d of %d records written back %s, %d refused", replayId, deadLetterTopic,
                replayed, records.size(), toTopics, refused.size());
        return new ReplayReport(replayId, deadLetterTopic, records.size(), replayed, toTopics, refused);
    }

    /** Null once the broker has the record; the reason when it has not. */
    private String awaited(Future<RecordMetadata> written) {
        try {
            written.get(clients.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause().toString();
        } catch (TimeoutException e) {
            return "the broker did not confirm within " + clients.timeout().toSeconds() * 2 + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private record Sent(ConsumerRecord<byte[], byte[]> record, String target, Future<RecordMetadata> written) {
    }
}
