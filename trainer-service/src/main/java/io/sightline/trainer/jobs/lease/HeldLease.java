package io.sightline.trainer.jobs.lease;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.trainer.training.Checkpoint;
import io.sightline.trainer.training.Checkpoints;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A job's lease while this worker holds it (see {@link JobLease}). A daemon thread renews it every quarter of its
 * time to live; checkpoints and publishing check it first; {@link #close()} releases it. Once lost it stays lost:
 * the worker must stop the job without publishing.
 *
 * <p>The lease counts as lost when another worker claimed the next generation, when this generation's file names
 * another claim, or when a renewal comes later than a quarter of the time to live before expiry. That last rule is
 * what makes renewing safe without compare-and-set: a worker that decided the lease had expired read an expiry this
 * holder could no longer extend, so a late holder gives up instead of carrying on beside its successor.
 */
public final class HeldLease implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HeldLease.class);

    private final ArtifactStore store;
    private final String jobId;
    private final int generation;
    private final String key;
    private final String successorKey;
    private final Duration ttl;
    private final Clock clock;
    private final ScheduledExecutorService heartbeat;
    private LeaseClaim claim; // guarded by this
    private boolean closed; // guarded by this
    private volatile String lostBecause;

    /**
     * Which claim of a job's lease this is.
     *
     * @param number       the claim's generation: 1 for the first worker, one more for each taker-over
     * @param key          where this claim is stored
     * @param successorKey where the next taker-over would store its claim
     */
    record Generation(int number, String key, String successorKey) {
    }

    HeldLease(ArtifactStore store, String jobId, Generation generation, LeaseClaim claim, Duration ttl, Clock clock) {
        this.store = store;
        this.jobId = jobId;
        this.generation = generation.number();
        this.key = generation.key();
        this.successorKey = generation.successorKey();
        this.claim = claim;
        this.ttl = ttl;
        this.clock = clock;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "job-lease-" + jobId);
            thread.setDaemon(true); // a dead JVM must stop renewing, not be kept alive by it
            return thread;
        });
        long period = slack().toMillis();
        heartbeat.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** The generation this worker holds (1 for the job's first lease). */
    public int generation() {
        return generation;
    }

    /** Whether the lease is still held, as last seen (no store access). */
    public boolean held() {
        return lostBecause == null;
    }

    /** @throws LeaseLostException when the lease is lost, as last seen (no store access) */
    public void requireHeld() {
        String reason = lostBecause;
        if (reason != null) {
            throw new LeaseLostException(jobId, reason);
        }
    }

    /**
     * Renews the lease now and makes sure no other worker took it over. Call it right before what only the holder
     * may do: publishing.
     *
     * @throws LeaseLostException when the lease is lost
     */
    public void confirm() {
        renew();
        requireHeld();
    }

    /**
     * The job's checkpoints, saved only while this lease is held: a worker that lost it must not overwrite its
     * successor's. A save checks for a successor in the store first (one small request per epoch), so a take-over
     * stops this worker at the next epoch's end at the latest; the lost lease comes out as {@link LeaseLostException}.
     */
    public Checkpoints guard(Checkpoints checkpoints) {
        return new Checkpoints() {
            @Override
            public Optional<Checkpoint> latest() throws IOException {
                return checkpoints.latest();
            }

            @Override
            public void save(Checkpoint checkpoint) throws IOException {
                if (store.exists(successorKey)) {
                    lose(successorDescription());
                }
                requireHeld();
                checkpoints.save(checkpoint);
            }
        };
    }

    /** Stops renewing and, while still held, marks the lease released so a waiting worker goes on at once. */
    @Override
    public void close() {
        heartbeat.shutdown(); // not shutdownNow: an interrupt would break a renewal's file write halfway
        synchronized (this) {
            closed = true;
            if (lostBecause != null) {
                return; // this generation's file may name another claim now: leave it as it is
            }
            try {
                store.write(key, StoreJson.write(claim.releasedAt(clock.instant())));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("job %s: could not release its lease (%s); it expires at %s", jobId, e.toString(),
                        claim.expiresAt());
            }
        }
    }

    /** One heartbeat: extends the claim by the time to live, unless the lease is lost or it is too late. */
    synchronized void renew() {
        if (closed || lostBecause != null) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(claim.expiresAt().minus(slack()))) {
            lose("it was not renewed in time (it expires at " + claim.expiresAt() + ", it is " + now
                    + "); another worker may have taken it over");
            return;
        }
        try {
            LeaseClaim stored = StoreJson.read(store.read(key), LeaseClaim.class);
            if (!claim.token().equals(stored.token())) {
                lose("its generation " + generation + " now names another claim, of worker " + stored.worker());
                return;
            }
            if (store.exists(successorKey)) {
                lose(successorDescription());
                return;
            }
            LeaseClaim renewed = claim.renewedUntil(now.plus(ttl));
            store.write(key, StoreJson.write(renewed));
            claim = renewed;
            // a worker that claimed the next generation meanwhile read the previous expiry, which was still ahead
            if (store.exists(successorKey)) {
                lose(successorDescription());
            }
        } catch (IOException | RuntimeException e) { // a thrown heartbeat task would never run again
            LOG.warnf("job %s: could not renew its lease (%s); trying again in %d ms, it holds until %s", jobId,
                    e.toString(), slack().toMillis(), claim.expiresAt());
        }
    }

    private void lose(String reason) {
        synchronized (this) {
            if (lostBecause != null) {
                return;
            }
            lostBecause = reason;
        }
        heartbeat.shutdown();
        LOG.errorf("job %s: this worker lost the job's lease: %s. It stops the job without publishing.", jobId, reason);
    }

    private String successorDescription() {
        try {
            LeaseClaim successor = StoreJson.read(store.read(successorKey), LeaseClaim.class);
            return "worker " + successor.worker() + " took it over (generation " + (generation + 1) + ")";
        } catch (IOException | RuntimeException e) {
            return "another worker took it over (generation " + (generation + 1) + ")";
        }
    }

    /** Time between renewals, and the least time to expiry at which a renewal is still allowed. */
    private Duration slack() {
        return ttl.dividedBy(4);
    }
}
