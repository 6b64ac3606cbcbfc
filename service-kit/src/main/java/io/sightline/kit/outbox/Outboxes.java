package io.sightline.kit.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.sightline.storage.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Opens a service's outbox on the shared store with the {@code sightline.outbox.*} settings and runs its relay
 * from the moment it is opened (a sender bean opens it at start) until the application stops.
 */
@ApplicationScoped
public class Outboxes {

    private final ArtifactStore store;
    private final ObjectMapper json;
    private final OutboxConfig config;
    private final List<OutboxRelay> relays = new CopyOnWriteArrayList<>();

    Outboxes(ArtifactStore store, ObjectMapper json, OutboxConfig config) {
        this.store = store;
        this.json = json;
        this.config = config;
    }

    /** The outbox {@code outbox/<owner>/}, its events sent by {@code sender}, relayed from now on. */
    public Outbox open(String owner, OutboxSender sender) {
        Outbox outbox = new Outbox(store, owner, json, sender, Clock.systemUTC(), config.settings());
        config.testHaltBeforeSending().ifPresent(outbox::haltingBeforeSending);
        relays.add(OutboxRelay.start(outbox, config.relayEvery()));
        return outbox;
    }

    void stop(@Observes ShutdownEvent stopping) {
        relays.forEach(OutboxRelay::close);
    }
}
