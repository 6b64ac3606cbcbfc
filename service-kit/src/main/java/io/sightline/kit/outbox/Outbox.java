package io.sightline.kit.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.storage.ArtifactStore;
import io.sightline.storage.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Events that follow a store change, kept in the store until the broker has them (the transactional outbox, on an
 * object store): the writer records the intent before its change commits ({@link #record}), sends it after
 * ({@link #send}), and the intent is deleted once the broker acknowledged it. Every replica's {@link #relay} sends
 * again, with the same id, what is still there and whose change is in the store; consumers drop repeats by id.
 * An event is therefore delivered at least once whenever its change committed, and never when it did not.
 */
public final class Outbox {

    /** Where intents live: {@code outbox/<owner>/<name>.json}. */
    public static final String ROOT = "outbox";

    private static final Logger LOG = Logger.getLogger(Outbox.class);

    private final ArtifactStore store;
    private final String folder;
    private final ObjectMapper json;
    private final OutboxSender sender;
    private final Clock clock;
    private final OutboxSettings settings;
    private final Map<String, Instant> lastTried = new ConcurrentHashMap<>();
    private volatile String haltBeforeSending;

    public Outbox(ArtifactStore store, String owner, ObjectMapper json, OutboxSender sender, Clock clock,
                  OutboxSettings settings) {
        if (!owner.matches("[a-z][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("not an outbox owner: " + owner);
        }
        this.store = store;
        this.folder = ROOT + "/" + owner;
        this.json = json;
        this.sender = sender;
        this.clock = clock;
        this.settings = settings;
    }

    /** Test-only: halt the JVM in {@link #send} for events of {@code type} (see {@link OutboxConfig}). */
    public Outbox haltingBeforeSending(String type) {
        this.haltBeforeSending = type;
        return this;
    }

    /** An intent for {@code payload}, stamped now, not yet written. */
    public OutboxEvent intent(String id, String channel, String type, String key, String subject, Instant time,
                              Object payload, OutboxGuard guard) {
        return new OutboxEvent(id, channel, type, key, subject, time, json.valueToTree(payload), guard,
                clock.instant(), payload);
    }

    /** Writes the intent; call it before the change it announces commits. */
    public OutboxEvent record(OutboxEvent event) throws IOException {
        store.write(keyOf(event), json.writeValueAsBytes(event));
        return event;
    }

    /** Drops an intent whose change did not happen (the writer knows it failed). */
    public void discard(OutboxEvent event) {
        try {
            store.delete(keyOf(event));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not drop the outbox intent %s (the relay drops it later): %s", event.id(), e);
        }
    }

    /**
     * Sends a recorded intent now. The stage completes with true once the broker acknowledged it and the intent is
     * gone, with false when it was not delivered: the intent stays for the relay. It never fails.
     */
    public CompletionStage<Boolean> send(OutboxEvent event) {
        if (event.type().equals(haltBeforeSending)) {
            LOG.errorf("test hook: halting the JVM before sending %s %s", event.type(), event.id());
            Runtime.getRuntime().halt(137);
        }
        return deliver(event);
    }

    private CompletionStage<Boolean> deliver(OutboxEvent event) {
        lastTried.put(event.id(), clock.instant());
        CompletionStage<Void> sent;
        try {
            sent = sender.send(event);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("%s %s was not delivered yet; the outbox sends it again: %s", event.type(), event.id(),
                        failure.getMessage());
                return false;
            }
            lastTried.remove(event.id());
            discard(event);
            return true;
        });
    }

    /** Records and sends in one step, for an event whose change already committed or that announces none. */
    public CompletionStage<Boolean> recordAndSend(OutboxEvent event) throws IOException {
        return send(record(event));
    }

    /** Sends {@code event} and waits up to the send timeout: true when delivered, false when the relay has it. */
    public boolean sendAndWait(OutboxEvent event) {
        return await(send(event));
    }

    private boolean await(CompletionStage<Boolean> sent) {
        try {
            return sent.toCompletableFuture().get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What one pass of the relay did. */
    public record Relayed(int sent, int failed, int waiting, int abandoned) {
    }

    /**
     * One pass over the intents still in the store: sends (and waits for) those whose change is there, leaves
     * young or recently tried ones to whoever is sending them, drops those whose change never came.
     */
    public Relayed relay() throws IOException {
        int sent = 0;
        int failed = 0;
        int waiting = 0;
        int abandoned = 0;
        Instant now = clock.instant();
        for (String name : store.list(folder)) {
            if (!name.endsWith(".json")) {
                continue;
            }
            Optional<OutboxEvent> read = read(folder + "/" + name);
            if (read.isEmpty()) {
                continue;
            }
            OutboxEvent event = read.get();
            Instant tried = lastTried.get(event.id());
            if (event.writtenAt().plus(settings.settle()).isAfter(now)
                    || tried != null && tried.plus(settings.retryEvery()).isAfter(now)) {
                waiting++;
            } else if (!committed(event.guard())) {
                if (event.writtenAt().plus(settings.abandonAfter()).isBefore(now)) {
                    LOG.infof("dropping the outbox intent %s %s: what it announces never reached the store",
                            event.type(), event.id());
                    discard(event);
                    abandoned++;
                } else {
                    waiting++;
                }
            } else if (await(deliver(event))) {
                LOG.infof("outbox: sent %s %s again", event.type(), event.id());
                sent++;
            } else {
                failed++;
            }
        }
        return new Relayed(sent, failed, waiting, abandoned);
    }

    /** The intents in the store now, oldest first. */
    public List<OutboxEvent> pending() throws IOException {
        List<OutboxEvent> events = new ArrayList<>();
        for (String name : store.list(folder)) {
            if (name.endsWith(".json")) {
                read(folder + "/" + name).ifPresent(events::add);
            }
        }
        events.sort((a, b) -> a.writtenAt().compareTo(b.writtenAt()));
        return events;
    }

    private Optional<OutboxEvent> read(String key) {
        try {
            return Optional.of(json.readValue(store.read(key), OutboxEvent.class));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty(); // sent and dropped meanwhile
        } catch (IOException | RuntimeException e) {
            LOG.warnf("skipping the unreadable outbox intent %s: %s", key, e.toString());
            return Optional.empty();
        }
    }

    private boolean committed(OutboxGuard guard) throws IOException {
        if (guard == null) {
            return true;
        }
        if (!store.exists(guard.key())) {
            return false;
        }
        if (guard.sha256() == null) {
            return true;
        }
        try {
            return guard.sha256().equals(Sha256.of(store.read(guard.key())));
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    /** Ids are free text (a job id and a suffix): the file name is a digest of the id, the same on every replica. */
    private String keyOf(OutboxEvent event) {
        return folder + "/" + UUID.nameUUIDFromBytes(event.id().getBytes(StandardCharsets.UTF_8)) + ".json";
    }
}
