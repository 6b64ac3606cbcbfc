package io.sightline.kit.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sightline.storage.FileArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final OutboxSettings SETTINGS = new OutboxSettings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofHours(1), Duration.ofSeconds(2));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final List<OutboxEvent> delivered = new ArrayList<>();
    private final AtomicBoolean brokerUp = new AtomicBoolean(true);

    private Outbox outbox(FileArtifactStore store) {
        return new Outbox(store, "test-service", JSON, event -> {
            if (!brokerUp.get()) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            delivered.add(event);
            return CompletableFuture.completedFuture(null);
        }, clock, SETTINGS);
    }

    @Test
    void aDeliveredIntentLeavesNothingBehind() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir);
        Outbox outbox = outbox(store);

        assertThat(outbox.sendAndWait(outbox.record(intent(outbox, "e1", null)))).isTrue();

        assertThat(delivered).extracting(OutboxEvent::id).containsExactly("e1");
        assertThat(outbox.pending()).isEmpty();
    }

    @Test
    void anUndeliveredIntentIsSentAgainByAnyRelayWithTheSameIdAndPayload() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir);
        Outbox writer = outbox(store);
        brokerUp.set(false);
        assertThat(writer.sendAndWait(writer.record(intent(writer, "e2", null)))).isFalse();
        assertThat(writer.pending()).hasSize(1);
        brokerUp.set(true);

        Outbox otherReplica = outbox(store);
        assertThat(otherReplica.relay().sent()).as("too young: its writer may be sending it").isZero();
        clock.advance(Duration.ofSeconds(11));
        Outbox.Relayed relayed = otherReplica.relay();

        assertThat(relayed.sent()).isEqualTo(1);
        assertThat(delivered).hasSize(1);
        assertThat(delivered.get(0).id()).isEqualTo("e2");
        assertThat(delivered.get(0).payload().path("dataset").asText()).isEqualTo("cracks");
        assertThat(delivered.get(0).time()).isEqualTo(Instant.parse("2026-12-04T09:59:00Z"));
        assertThat(delivered.get(0).original()).as("read back from the store, not the writer's object").isNull();
        assertThat(writer.pending()).isEmpty();
    }

    @Test
    void anIntentWhoseChangeNeverCommittedIsNeverSentAndDroppedAfterTheAbandonTime() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir);
        Outbox outbox = outbox(store);
        outbox.record(intent(outbox, "e3", OutboxGuard.exists("datasets/cracks/1/manifest.json")));

        clock.advance(Duration.ofMinutes(5));
        assertThat(outbox.relay()).isEqualTo(new Outbox.Relayed(0, 0, 1, 0));
        clock.advance(Duration.ofHours(1));
        assertThat(outbox.relay().abandoned()).isEqualTo(1);

        assertThat(delivered).isEmpty();
        assertThat(outbox.pending()).isEmpty();
    }

    @Test
    void aGuardHoldsOnlyForTheExactBytesOfTheChange() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir);
        Outbox outbox = outbox(store);
        byte[] mine = "{\"champion\":\"3\"}".getBytes(StandardCharsets.UTF_8);
        outbox.record(intent(outbox, "e4", OutboxGuard.holding("models/m/champion.json", mine)));
        store.write("models/m/champion.json", "{\"champion\":\"4\"}".getBytes(StandardCharsets.UTF_8));
        clock.advance(Duration.ofSeconds(11));

        assertThat(outbox.relay().sent()).as("another writer's champion is not this event's change").isZero();
        store.write("models/m/champion.json", mine);
        clock.advance(Duration.ofSeconds(31));
        assertThat(outbox.relay().sent()).isEqualTo(1);
        assertThat(delivered).extracting(OutboxEvent::id).containsExactly("e4");
    }

    @Test
    void aRelayDoesNotHammerTheBrokerWithOneIntent() throws Exception {
        FileArtifactStore store = new FileArtifactStore(dir);
        Outbox outbox = outbox(store);
        brokerUp.set(false);
        outbox.record(intent(outbox, "e5", null));
        clock.advance(Duration.ofSeconds(11));
        assertThat(outbox.relay().failed()).isEqualTo(1);
        brokerUp.set(true);
        clock.advance(Duration.ofSeconds(5));
        assertThat(outbox.relay().waiting()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(outbox.relay().sent()).isEqualTo(1);
    }

    private OutboxEvent intent(Outbox outbox, String id, OutboxGuard guard) {
        return outbox.intent(id, "datasets-out", "sightline.dataset.split", "cracks", "cracks/1",
                Instant.parse("2026-12-04T09:59:00Z"), Map.of("dataset", "cracks", "version", "1"), guard);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
