package io.sightline.trainer.deadletter;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka clients for the dead-letter API, logging in like the service's channels (the {@code kafka.*} security
 * settings), one per request: admin calls are rare, and a consumer is not safe to share between threads.
 */
public final class DeadLetterClients {

    private final Map<String, Object> base;
    private final Duration timeout;

    /**
     * @param kafka   every {@code kafka.*} setting of the service (Quarkus' {@code default-kafka-broker} map)
     * @param timeout how long one broker call may take
     */
    public DeadLetterClients(Map<String, Object> kafka, Duration timeout) {
        this.base = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || key.startsWith("security.") || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                base.put(key, value);
            }
        });
        this.timeout = timeout;
    }

    /** How long one broker call may take. */
    public Duration timeout() {
        return timeout;
    }

    /** A consumer without a group: partitions are assigned and sought, nothing is committed. */
    public KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sightline-dead-letters-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** An idempotent producer that waits for every in-sync replica. */
    public KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>(base);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "sightline-dead-letter-replay-" + UUID.randomUUID());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() * 2);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
