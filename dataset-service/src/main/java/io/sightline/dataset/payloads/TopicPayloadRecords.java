package io.sightline.dataset.payloads;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.dataset.source.InvalidImportException;
import io.sightline.events.PayloadLogged;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads the configured payloads topic once, from the beginning to the end offsets taken when the read starts: no
 * consumer group (nothing committed, no group rights needed), bounded in records, in bytes per record and in time.
 */
final class TopicPayloadRecords implements PayloadRecords {

    private static final Logger LOG = Logger.getLogger(TopicPayloadRecords.class);

    private final Map<String, Object> kafka;
    private final PayloadImportSettings settings;
    private final ObjectMapper json;

    /** @param kafka the service's Kafka client settings (bootstrap servers, security) */
    TopicPayloadRecords(Map<String, Object> kafka, PayloadImportSettings settings, ObjectMapper json) {
        this.kafka = kafka;
        this.settings = settings;
        this.json = json;
    }

    @Override
    public long scan(Predicate<PayloadLogged> keep) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // reading must never create the topic
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, settings.maxRecordBytes());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        long deadline = System.nanoTime() + settings.readTimeout().toNanos();
        long unreadable = 0;
        long scanned = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(settings.topic(), settings.readTimeout());
            if (partitions == null || partitions.isEmpty()) {
                throw new InvalidImportException("payloads topic " + settings.topic() + " does not exist or is empty");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned, settings.readTimeout());
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new InvalidImportException("payloads topic not read to its end within "
                            + settings.readTimeout().toSeconds() + " s; narrow the range or retry");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L)) {
                        continue; // written after the read began
                    }
                    if (++scanned > settings.maxRecords()) {
                        throw new InvalidImportException("payloads topic holds more than " + settings.maxRecords()
                                + " records to scan; narrow the range or raise sightline.dataset.payloads.max-records");
                    }
                    PayloadLogged payload = read(record.value());
                    if (payload == null) {
                        unreadable++;
                    } else if (!keep.test(payload)) {
                        return unreadable;
                    }
                }
            }
        } catch (KafkaException e) {
            LOG.warnf("payloads topic %s cannot be read: %s", settings.topic(), e.toString());
            throw new InvalidImportException("payloads topic cannot be read: the broker is unreachable or refused");
        }
        return unreadable;
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private PayloadLogged read(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            PayloadLogged payload = json.readValue(value, PayloadLogged.class);
            return payload.requestId() == null || payload.model() == null ? null : payload;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
