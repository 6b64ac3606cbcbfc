package io.sightline.trainer.deadletter;

import io.sightline.kit.rest.Pages;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The dead-letter topics of this service: listed with their record counts, read page by page, one record shown,
 * records replayed. A topic named by a caller is looked up among the owned ones before anything reaches Kafka.
 */
public class DeadLetters {

    /** Most records one replay writes; more are replayed by partition and offsets, a call at a time. */
    public static final int MAX_REPLAY = Pages.MAX_LIMIT;

    private final DeadLetterRoutes routes;
    private final DeadLetterClients clients;
    private final DeadLetterReplay replay;

    public DeadLetters(DeadLetterRoutes routes, DeadLetterClients clients) {
        this.routes = routes;
        this.clients = clients;
        this.replay = new DeadLetterReplay(routes, clients);
    }

    /** Every owned dead-letter topic with its record counts. */
    public List<DeadLetterTopic> topics() {
        List<DeadLetterTopic> topics = new ArrayList<>();
        for (String topic : routes.deadLetterTopics()) {
            topics.add(topic(topic));
        }
        return topics;
    }

    /** @throws NotFoundException for a topic this service does not own */
    public DeadLetterTopic topic(String topic) {
        String source = sourceOf(topic);
        try (DeadLetterReader reader = new DeadLetterReader(clients, topic)) {
            List<DeadLetterTopic.PartitionRecords> partitions = reader.partitions();
            long records = partitions.stream().mapToLong(DeadLetterTopic.PartitionRecords::records).sum();
            return new DeadLetterTopic(topic, source, !partitions.isEmpty(), records, partitions);
        }
    }

    /**
     * A page of records in partition then offset order.
     *
     * @param partition only this partition, when not null
     */
    public Pages.Page<DeadLetterRecord> page(String topic, Integer partition, Pages.Request request) {
        sourceOf(topic);
        Position after = request.afterKey() == null ? null : Position.parse(request.afterKey());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (DeadLetterReader reader = new DeadLetterReader(clients, topic)) {
            List<DeadLetterTopic.PartitionRecords> partitions = reader.partitions();
            if (partition != null) {
                partitions = List.of(partitionOf(topic, partitions, partition));
            }
            for (DeadLetterTopic.PartitionRecords p : partitions) {
                if (after != null && p.partition() < after.partition()) {
                    continue;
                }
                long from = after != null && p.partition() == after.partition() ? after.offset() + 1 : 0;
                // one more than the page, so that the cut knows whether a next page exists
                records.addAll(reader.read(p, from, request.limit() + 1 - records.size()));
                if (records.size() > request.limit()) {
                    break;
                }
            }
        }
        List<DeadLetterRecord> shown = records.stream().map(DeadLetterContent::of).toList();
        return Pages.cut(shown, r -> new Position(r.partition(), r.offset()).key(),
                new Pages.Request(request.limit(), null));
    }

    /** @throws NotFoundException when the topic is not owned or holds no record at that place */
    public DeadLetterRecord record(String topic, int partition, long offset) {
        sourceOf(topic);
        try (DeadLetterReader reader = new DeadLetterReader(clients, topic)) {
            DeadLetterTopic.PartitionRecords p = partitionOf(topic, reader.partitions(), partition);
            return reader.readAt(p, offset).map(DeadLetterContent::of).orElseThrow(() -> new NotFoundException(
                    topic + " partition " + partition + " holds no record at offset " + offset + " (it holds "
                            + held(p) + ")"));
        }
    }

    /**
     * Writes the chosen records back to their topics.
     *
     * @throws BadRequestException naming what is wrong with the choice; nothing is written then
     */
    public ReplayReport replay(String topic, ReplayRequest request) {
        sourceOf(topic);
        if (request == null) {
            throw new BadRequestException("a body is needed: {\"partition\": P, \"offsets\": [..]} or {\"all\": true}");
        }
        boolean all = Boolean.TRUE.equals(request.all());
        List<Long> offsets = request.offsets() == null ? List.of() : request.offsets();
        if (all == !offsets.isEmpty()) {
            throw new BadRequestException("name the records: either offsets (a non-empty list) or all: true");
        }
        if (offsets.size() > MAX_REPLAY) {
            throw new BadRequestException("at most " + MAX_REPLAY + " offsets at once, got " + offsets.size());
        }
        List<ConsumerRecord<byte[], byte[]>> chosen = new ArrayList<>();
        try (DeadLetterReader reader = new DeadLetterReader(clients, topic)) {
            List<DeadLetterTopic.PartitionRecords> partitions = reader.partitions();
            if (all) {
                List<DeadLetterTopic.PartitionRecords> from = request.partition() == null ? partitions
                        : List.of(partitionOf(topic, partitions, request.partition()));
                long held = from.stream().mapToLong(DeadLetterTopic.PartitionRecords::records).sum();
                if (held > MAX_REPLAY) {
                    throw new BadRequestException(topic + " holds " + held + " records; a replay writes at most "
                            + MAX_REPLAY + ": name a partition and offsets");
                }
                for (DeadLetterTopic.PartitionRecords p : from) {
                    chosen.addAll(reader.read(p, p.firstOffset(), MAX_REPLAY));
                }
            } else {
                chosen.addAll(chosenOffsets(topic, reader, partitions, request.partition(), offsets));
            }
        }
        return replay.replay(topic, chosen);
    }

    private static List<ConsumerRecord<byte[], byte[]>> chosenOffsets(String topic, DeadLetterReader reader,
            List<DeadLetterTopic.PartitionRecords> partitions, Integer partition, List<Long> offsets) {
        if (partition == null && partitions.size() != 1) {
            throw new BadRequestException("name the partition: " + topic + " has " + partitions.size()
                    + " partitions");
        }
        DeadLetterTopic.PartitionRecords p = partitionOf(topic, partitions,
                partition == null ? partitions.get(0).partition() : partition);
        NavigableSet<Long> wanted = new TreeSet<>();
        for (Long offset : offsets) {
            if (offset == null || offset < p.firstOffset() || offset >= p.endOffset()) {
                throw new BadRequestException("offset " + offset + " is not held by " + topic + " partition "
                        + p.partition() + " (it holds " + held(p) + ")");
            }
            wanted.add(offset);
        }
        List<ConsumerRecord<byte[], byte[]>> found = reader.readAt(p, wanted);
        if (found.size() != wanted.size()) {
            found.forEach(r -> wanted.remove(r.offset()));
            throw new BadRequestException(topic + " partition " + p.partition() + " has no record at offsets "
                    + wanted);
        }
        return found;
    }

    private String sourceOf(String topic) {
        return routes.sourceOf(topic).orElseThrow(() -> new NotFoundException(
                "not a dead-letter topic of this service: " + topic + "; its dead-letter topics are "
                        + routes.deadLetterTopics()));
    }

    private static DeadLetterTopic.PartitionRecords partitionOf(String topic,
            List<DeadLetterTopic.PartitionRecords> partitions, int partition) {
        return partitions.stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow(() -> new BadRequestException(topic + " has no partition " + partition + " (it has "
                        + partitions.size() + ")"));
    }

    private static String held(DeadLetterTopic.PartitionRecords p) {
        return p.records() == 0 ? "no records" : String.format(Locale.ROOT, "offsets %d to %d", p.firstOffset(),
                p.endOffset() - 1);
    }

    /** A place in the topic; its key orders records by partition, then offset. */
    record Position(int partition, long offset) {

        String key() {
            return String.format(Locale.ROOT, "%010d/%019d", partition, offset);
        }

        static Position parse(String key) {
            String[] parts = key.split("/");
            try {
                if (parts.length == 2) {
                    return new Position(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new BadRequestException("after must be a cursor from a previous page's " + Pages.NEXT_CURSOR
                    + " header");
        }
    }
}
