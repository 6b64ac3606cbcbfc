package io.sightline.trainer.deadletter;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;

/**
 * Which dead-letter topics this service owns and where their records came from, as its incoming channels are
 * configured ({@code failure-strategy=dead-letter-queue}): the routes follow the configuration, so a renamed topic
 * needs no change here, and a topic named in a request is only ever looked up in this map.
 */
public final class DeadLetterRoutes {

    private static final String INCOMING = "mp.messaging.incoming.";
    private static final String STRATEGY = ".failure-strategy";
    /** SmallRye's name for a channel's dead-letter topic when none is configured. */
    private static final String DEFAULT_PREFIX = "dead-letter-topic-";

    private final Map<String, String> sourceByDeadLetterTopic;

    /** @param sourceByDeadLetterTopic each dead-letter topic and the topic whose records it takes */
    public DeadLetterRoutes(Map<String, String> sourceByDeadLetterTopic) {
        this.sourceByDeadLetterTopic = Collections.unmodifiableMap(new TreeMap<>(sourceByDeadLetterTopic));
    }

    /** The routes of every incoming channel that dead-letters. */
    public static DeadLetterRoutes of(Config config) {
        Map<String, String> routes = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(INCOMING) || !name.endsWith(STRATEGY)) {
                continue;
            }
            String channel = name.substring(INCOMING.length(), name.length() - STRATEGY.length());
            if (channel.contains(".") || !"dead-letter-queue".equals(config.getOptionalValue(name, String.class)
                    .orElse(""))) {
                continue;
            }
            String prefix = INCOMING + channel;
            String source = config.getOptionalValue(prefix + ".topic", String.class).orElse(channel);
            String deadLetters = config.getOptionalValue(prefix + ".dead-letter-queue.topic", String.class)
                    .orElse(DEFAULT_PREFIX + channel);
            routes.put(deadLetters, source);
        }
        return new DeadLetterRoutes(routes);
    }

    /** The dead-letter topics, by name. */
    public Set<String> deadLetterTopics() {
        return sourceByDeadLetterTopic.keySet();
    }

    /** The topic whose records {@code deadLetterTopic} takes; empty for a topic this service does not own. */
    public Optional<String> sourceOf(String deadLetterTopic) {
        return Optional.ofNullable(sourceByDeadLetterTopic.get(deadLetterTopic));
    }

    /** Whether a replay may write to {@code topic}: one this service's dead-lettering channels read. */
    public boolean isSource(String topic) {
        return topic != null && sourceByDeadLetterTopic.containsValue(topic);
    }

    /** The topics a replay may write to. */
    public Set<String> sources() {
        return new TreeSet<>(sourceByDeadLetterTopic.values());
    }
}
