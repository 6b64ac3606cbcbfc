package io.sightline.trainer.messaging;

import io.quarkus.runtime.StartupEvent;
import io.sightline.events.Topics;
import io.sightline.trainer.config.TrainerConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the topics this service reads and writes when they are missing, before the channels connect:
 * {@code sightline.training.requests} with several partitions (one consumer group of workers shares them),
 * {@code sightline.models} compacted (the latest promotion per model is the registry), and the dead-letter
 * topics. A broker that is down does not stop the service from starting; the channels report it.
 */
@ApplicationScoped
public class KafkaTopics {

    private static final Logger LOG = Logger.getLogger(KafkaTopics.class);

    private final TrainerConfig config;
    private final String bootstrapServers;
    private final Map<String, Object> kafkaClient;

    /**
     * @param kafkaClient every {@code kafka.*} setting (Quarkus' {@code default-kafka-broker} map): the admin
     *                    client logs in like the channels do (SASL/SCRAM, mTLS)
     */
    KafkaTopics(TrainerConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                @Identifier("default-kafka-broker") Map<String, Object> kafkaClient) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.kafkaClient = kafkaClient;
    }

    /** The security settings of the Kafka clients, for the admin client. */
    Map<String, Object> security() {
        Map<String, Object> security = new java.util.HashMap<>();
        kafkaClient.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                security.put(key, value);
            }
        });
        return security;
    }

    /** Runs before Reactive Messaging starts its channels (which observe the same event later). */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (config.topics().create()) {
            create(topics());
        }
    }

    List<NewTopic> topics() {
        TrainerConfig.Topics settings = config.topics();
        short replication = (short) settings.replicationFactor();
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(Topics.DATASETS, 1, replication));
        topics.add(new NewTopic(Topics.TRAINING_REQUESTS, settings.requestPartitions(), replication));
        topics.add(new NewTopic(Topics.TRAINING_EVENTS, 1, replication));
        topics.add(new NewTopic(Topics.MODELS, 1, replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        // counts are cumulative and resent every few seconds: an hour is enough to rebuild the sums at a start
        topics.add(new NewTopic(Topics.INFERENCE_OBSERVATIONS, 1, replication)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "3600000")));
        topics.add(new NewTopic(Topics.DATASETS + Topics.DEAD_LETTER_SUFFIX, 1, replication));
        topics.add(new NewTopic(Topics.TRAINING_REQUESTS + Topics.DEAD_LETTER_SUFFIX, 1, replication));
        return topics;
    }

    private void create(List<NewTopic> topics) {
        long timeoutMs = config.topics().timeout().toMillis();
        Map<String, Object> settings = new java.util.HashMap<>(security());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 10_000));
        try (Admin admin = Admin.create(settings)) {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                    LOG.infof("created topic %s", result.getKey());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
                        continue; // another service created it meanwhile
                    }
                    LOG.warnf("could not create topic %s: %s", result.getKey(), e.getCause().toString());
                }
            }
        } catch (TimeoutException | ExecutionException e) {
            LOG.warnf("could not reach Kafka at %s to create topics (%s); relying on the broker's auto-creation",
                    bootstrapServers, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
