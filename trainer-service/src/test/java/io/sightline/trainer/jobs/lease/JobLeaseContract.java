package io.sightline.trainer.jobs.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.trainer.training.Checkpoint;
import io.sightline.trainer.training.Checkpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a job lease does, on any store: {@link JobLeaseFileTest} and {@link JobLeaseS3Test} run it. Time is a
 * {@link ManualClock} and the time to live a minute, so expiry is a step of the clock and the background
 * heartbeat (first beat after 15 s) never runs during a test; renewals are called directly.
 */
abstract class JobLeaseContract {

    static final Duration TTL = Duration.ofMinutes(1);

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T10:00:00Z"));
    final List<HeldLease> held = new ArrayList<>();
    String job;

    abstract ArtifactStore store();

    @BeforeEach
    void newJob() {
        job = UUID.randomUUID().toString();
    }

    @AfterEach
    void releaseAll() {
        held.forEach(HeldLease::close);
    }

    JobLease lease(String worker) {
        return new JobLease(store(), worker, TTL, clock);
    }

    Optional<HeldLease> tryAcquire(String worker) throws Exception {
        Optional<HeldLease> lease = lease(worker).tryAcquire(job);
        lease.ifPresent(held::add);
        return lease;
    }

    LeaseClaim stored(int generation) throws Exception {
        return StoreJson.read(store().read(JobLease.key(job, generation)), LeaseClaim.class);
    }

    @Test
    void theFirstWorkerTakesTheLeaseAndAnotherCannotWhileItIsLive() throws Exception {
        HeldLease a = tryAcquire("a").orElseThrow();

        assertThat(a.generation()).isEqualTo(1);
        assertThat(stored(1)).satisfies(c -> {
            assertThat(c.worker()).isEqualTo("a");
            assertThat(c.expiresAt()).isEqualTo(clock.instant().plus(TTL));
            assertThat(c.released()).isFalse();
        });
        clock.advance(TTL.minusSeconds(1));
        assertThat(tryAcquire("b")).isEmpty();
        assertThat(tryAcquire("a")).as("a second claim of the same worker name").isEmpty();
        assertThat(a.held()).isTrue();
    }

    @Test
    void aRenewalPushesTheExpiryOut() throws Exception {
        HeldLease a = tryAcquire("a").orElseThrow();

        clock.advance(Duration.ofSeconds(15));
        a.renew();

        assertThat(stored(1).expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(a.held()).isTrue();
        clock.advance(Duration.ofSeconds(50)); // past the first expiry, before the renewed one
        assertThat(tryAcquire("b")).isEmpty();
    }

    @Test
    void aRenewalLaterThanAQuarterOfTheTimeToLiveBeforeExpiryLosesTheLease() throws Exception {
        HeldLease a = tryAcquire("a").orElseThrow();

        clock.advance(TTL.minus(TTL.dividedBy(4))); // a stalled: another worker may judge it expired any moment

        assertThatThrownBy(a::confirm).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("not renewed in time");
        assertThat(stored(1).expiresAt()).as("not extended").isEqualTo(clock.instant().plus(TTL.dividedBy(4)));
    }

    @Test
    void aReleasedLeaseIsTakenAtOnce() throws Exception {
        HeldLease a = tryAcquire("a").orElseThrow();

        a.close();

        assertThat(stored(1).released()).isTrue();
        HeldLease b = tryAcquire("b").orElseThrow();
        assertThat(b.generation()).isEqualTo(2);
        assertThat(stored(2).worker()).isEqualTo("b");
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsLateHolderKnowsItLostIt() throws Exception {
        HeldLease a = tryAcquire("a").orElseThrow();
        clock.advance(TTL); // a stopped renewing: died, or stalled

        HeldLease b = tryAcquire("b").orElseThrow();

        assertThat(b.generation()).isEqualTo(2);
        a.renew(); // a wakes up: too late to renew, and its successor is there
        assertThat(a.held()).isFalse();
        assertThatThrownBy(a::confirm).isInstanceOf(LeaseLostException.class).hasMessageContaining(job);
        a.close();
        assertThat(stored(1).released()).as("a lost lease is left as it is").isFalse();
        assertThat(tryAcquire("c")).as("b's lease is live").isEmpty();
        b.confirm();
    }

    @Test
    void aHolderWhoseLeaseWasTakenOverWritesNoMoreCheckpoints() throws Exception {
        HeldLease a = tryAcquire("a").orElseThrow();
        List<Checkpoint> saved = new ArrayList<>();
        Checkpoints guarded = a.guard(new Checkpoints() {
            @Override
            public Optional<Checkpoint> latest() {
                return Optional.empty();
            }

            @Override
            public void save(Checkpoint checkpoint) {
                saved.add(checkpoint);
            }
        });
        guarded.save(null);
        assertThat(saved).hasSize(1);

        // another worker claims the next generation (here by hand: a's own expiry is still far)
        store().createIfAbsent(JobLease.key(job, 2), StoreJson.write(LeaseClaim.fresh("thief",
                clock.instant().plus(TTL))));

        assertThatThrownBy(() -> guarded.save(null)).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("worker thief took it over");
        assertThat(saved).hasSize(1);
        assertThat(a.held()).isFalse();
    }

    @Test
    void ofWorkersRacingForAFreeLeaseExactlyOneGetsIt() throws Exception {
        for (int round = 0; round < 3; round++) {
            job = UUID.randomUUID().toString();
            List<String> winners = race(6);
            assertThat(winners).hasSize(1);
            assertThat(stored(1).worker()).isEqualTo(winners.get(0));
            assertThat(store().list(JobLease.folder(job))).containsExactly("000000001.json");
        }
    }

    @Test
    void ofWorkersRacingToTakeOverAnExpiredLeaseExactlyOneGetsIt() throws Exception {
        tryAcquire("dead").orElseThrow();
        clock.advance(TTL.plusSeconds(1));

        List<String> winners = race(6);

        assertThat(winners).hasSize(1);
        assertThat(stored(2).worker()).isEqualTo(winners.get(0));
        assertThat(store().list(JobLease.folder(job))).containsExactly("000000001.json", "000000002.json");
    }

    /** {@code racers} workers call {@link JobLease#tryAcquire} at once; the names of those who got the lease. */
    private List<String> race(int racers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch ready = new CountDownLatch(racers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<HeldLease>>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                JobLease lease = lease("racer-" + i);
                Callable<Optional<HeldLease>> racer = () -> {
                    ready.countDown();
                    go.await();
                    return lease.tryAcquire(job);
                };
                results.add(pool.submit(racer));
            }
            ready.await();
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                Optional<HeldLease> lease = results.get(i).get();
                if (lease.isPresent()) {
                    held.add(lease.get());
                    winners.add("racer-" + i);
                }
            }
            return winners;
        } finally {
            pool.shutdownNow();
        }
    }
}
