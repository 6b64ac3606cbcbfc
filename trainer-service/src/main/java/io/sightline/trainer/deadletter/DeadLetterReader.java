package io.sightline.trainer.deadletter;

import jakarta.ws.rs.ServiceUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one topic with a consumer of its own: partitions assigned and sought, never a group, never a commit.
 * Every read stops at the partition's end offset as it was when asked, so a topic still being written to cannot
 * keep a request going; one that does not reach it within the clients' timeout is a 503.
 */
final class DeadLetterReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;
    private final String topic;

    DeadLetterReader(DeadLetterClients clients, String topic) {
        this.consumer = clients.consumer();
        this.timeout = clients.timeout();
        this.topic = topic;
    }

    /** The topic's partitions with their offsets; empty when the broker has no such topic. */
    List<DeadLetterTopic.PartitionRecords> partitions() {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (org.apache.kafka.common.errors.TimeoutException
                 | org.apache.kafka.common.errors.AuthorizationException e) {
            // an ACL without Read on the dead-letter topic must say so, not look like an empty topic
            throw unavailable("list the partitions of " + topic, e);
        } catch (KafkaException e) {
            return List.of(); // the topic does not exist (yet)
        }
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
        try {
            Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            return partitions.stream().map(tp -> new DeadLetterTopic.PartitionRecords(tp.partition(), first.get(tp),
                    end.get(tp), end.get(tp) - first.get(tp))).toList();
        } catch (KafkaException e) {
            throw unavailable("read the offsets of " + topic, e);
        }
    }

    /**
     * Up to {@code max} records of one partition from offset {@code from} on (below {@code end}), oldest first.
     */
    List<ConsumerRecord<byte[], byte[]>> read(DeadLetterTopic.PartitionRecords partition, long from, int max) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long start = Math.max(from, partition.firstOffset());
        if (max <= 0 || start >= partition.endOffset()) {
            return records;
        }
        TopicPartition tp = new TopicPartition(topic, partition.partition());
        consumer.assign(List.of(tp));
        consumer.seek(tp, start);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (records.size() < max && consumer.position(tp, timeout) < partition.endOffset()) {
                if (System.nanoTime() > deadline) {
                    throw unavailable("read " + topic + " partition " + partition.partition(), null);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(tp)) {
                    if (record.offset() < partition.endOffset() && records.size() < max) {
                        records.add(record);
                    }
                }
            }
        } catch (KafkaException e) {
            throw unavailable("read " + topic + " partition " + partition.partition(), e);
        }
        return records;
    }

    /** The records at {@code offsets} of one partition; an offset the partition no longer holds is absent. */
    List<ConsumerRecord<byte[], byte[]>> readAt(DeadLetterTopic.PartitionRecords partition,
                                                NavigableSet<Long> offsets) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        TreeSet<Long> wanted = new TreeSet<>(offsets);
        while (!wanted.isEmpty()) {
            long from = wanted.first();
            // one pass from the lowest offset wanted; a gap (transaction markers, deleted records) skips ahead
            long span = wanted.last() - from + 1;
            int max = (int) Math.min(span, 1000);
            for (ConsumerRecord<byte[], byte[]> record : read(partition, from, max)) {
                if (wanted.remove(record.offset())) {
                    found.add(record);
                }
            }
            wanted.headSet(from + max, false).clear();
        }
        return found;
    }

    /** The record at an offset, if the partition holds it. */
    Optional<ConsumerRecord<byte[], byte[]>> readAt(DeadLetterTopic.PartitionRecords partition, long offset) {
        List<ConsumerRecord<byte[], byte[]>> records = read(partition, offset, 1);
        return records.stream().filter(r -> r.offset() == offset).findFirst();
    }

    private ServiceUnavailableException unavailable(String what, Exception cause) {
        String reason = "Kafka did not let this service " + what + " within " + timeout.toSeconds() + " s"
                + (cause == null ? "" : ": " + cause.getMessage());
        return new ServiceUnavailableException(reason, (Long) null, cause);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(1));
    }
}
