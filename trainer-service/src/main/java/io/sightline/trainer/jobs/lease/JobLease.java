package io.sightline.trainer.jobs.lease;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Who runs a job, recorded in the store, so that two workers handed the same request do not both train it. That
 * happens when a Kafka rebalance moves the request's partition while its job runs: a record is acknowledged only
 * when its job ends (decision 020), so the partition's new owner receives it while the first worker still trains.
 *
 * <p>A lease is a row of generations, {@code checkpoints/<job>/lease/000000001.json}, {@code …2.json}, …, each a
 * {@link LeaseClaim} created with {@link ArtifactStore#createIfAbsent}, the store's one compare-and-set: of workers
 * claiming the same generation exactly one succeeds. Only a generation's creator writes it afterwards (renewals,
 * release), so a blind atomic replace is enough there. A worker finding the newest generation live waits for it;
 * finding it released, or expired because its holder died, it claims the next one. Guarantees and the window that
 * remains: decision 027.
 */
public final class JobLease {

    private static final Logger LOG = Logger.getLogger(JobLease.class);

    /** Shortest time to live: renewals come every quarter of it, and each is a few store requests. */
    static final Duration MIN_TTL = Duration.ofMillis(200);
    private static final Duration MAX_POLL = Duration.ofSeconds(5);
    private static final Pattern GENERATION = Pattern.compile("(\\d{9})\\.json");

    private final ArtifactStore store;
    private final String worker;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param worker the name claims carry, for people (claims are told apart by a random token, not by this name)
     * @param ttl    how long a claim lasts unless renewed; its holder renews it every quarter of that
     * @param clock  wall time: expiry is judged by other workers' clocks against this one
     */
    public JobLease(ArtifactStore store, String worker, Duration ttl, Clock clock) {
        if (ttl.compareTo(MIN_TTL) < 0) {
            throw new IllegalArgumentException("a job lease must last at least " + MIN_TTL.toMillis() + " ms, got "
                    + ttl.toMillis() + " ms");
        }
        this.store = store;
        this.worker = worker;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The store folder holding a job's lease generations. */
    static String folder(String jobId) {
        return StoreKeys.checkpoints(jobId) + "/lease";
    }

    static String key(String jobId, int generation) {
        return folder(jobId) + "/" + String.format("%09d.json", generation);
    }

    /**
     * Takes the job's lease and starts renewing it; while another worker holds it, waits (polling every quarter of
     * the time to live, at most every 5 s) until that worker releases it or stops renewing it. Waiting is right
     * here: the other worker runs this very request, and Kafka gives this partition's next record only after it.
     *
     * @throws IOException              when the store fails before any holder was seen; once waiting for one, store
     *                                    failures are logged and the next poll tries again (the job is running)
     * @throws IllegalArgumentException when the job id cannot be part of a store key
     */
    public HeldLease acquire(String jobId) throws IOException, InterruptedException {
        String waitedFor = null;
        while (true) {
            Generation latest;
            try {
                latest = latest(jobId);
                Instant now = clock.instant();
                if (!latest.liveAt(now)) {
                    Optional<HeldLease> taken = claim(jobId, latest, now);
                    if (taken.isPresent()) {
                        return taken.get();
                    }
                    continue; // another worker claimed that generation first: look at its claim
                }
            } catch (IOException e) {
                if (waitedFor == null) {
                    throw e;
                }
                LOG.warnf("job %s: could not look at its lease (%s); looking again in %d ms", jobId, e.toString(),
                        pollEvery().toMillis());
                Thread.sleep(pollEvery().toMillis());
                continue;
            }
            LeaseClaim holder = latest.claim();
            if (!holder.token().equals(waitedFor)) {
                waitedFor = holder.token();
                LOG.infof("job %s: worker %s holds its lease (generation %d, until %s); this worker waits until it"
                        + " is released or expires", jobId, holder.worker(), latest.number(), holder.expiresAt());
            }
            Thread.sleep(pollEvery().toMillis());
        }
    }

    /** One attempt at {@link #acquire}: the lease when it was free and this worker claimed it, else empty. */
    public Optional<HeldLease> tryAcquire(String jobId) throws IOException {
        Generation latest = latest(jobId);
        Instant now = clock.instant();
        return latest.liveAt(now) ? Optional.empty() : claim(jobId, latest, now);
    }

    private Duration pollEvery() {
        Duration quarter = ttl.dividedBy(4);
        return quarter.compareTo(MAX_POLL) < 0 ? quarter : MAX_POLL;
    }

    private Optional<HeldLease> claim(String jobId, Generation previous, Instant now) throws IOException {
        int number = previous.number() + 1;
        LeaseClaim mine = LeaseClaim.fresh(worker, now.plus(ttl));
        if (!store.createIfAbsent(key(jobId, number), StoreJson.write(mine))) {
            return Optional.empty();
        }
        LeaseClaim before = previous.claim();
        if (previous.number() == 0) {
            LOG.infof("job %s: took its lease (lasts %d s, renewed every %d s)", jobId, ttl.toSeconds(),
                    ttl.dividedBy(4).toSeconds());
        } else if (before == null) {
            LOG.warnf("job %s: took its lease over an unreadable generation %d", jobId, previous.number());
        } else if (before.released()) {
            LOG.infof("job %s: took its lease after worker %s released it", jobId, before.worker());
        } else {
            LOG.warnf("job %s: took over its lease from worker %s, which stopped renewing it (expired %s)", jobId,
                    before.worker(), before.expiresAt());
        }
        return Optional.of(new HeldLease(store, jobId,
                new HeldLease.Generation(number, key(jobId, number), key(jobId, number + 1)), mine, ttl, clock));
    }

    /** The newest generation, or generation 0 with no claim when the job never had a lease. */
    private Generation latest(String jobId) throws IOException {
        int number = 0;
        for (String name : store.list(folder(jobId))) {
            Matcher matcher = GENERATION.matcher(name);
            if (matcher.matches()) {
                number = Math.max(number, Integer.parseInt(matcher.group(1)));
            }
        }
        if (number == 0) {
            return new Generation(0, null);
        }
        byte[] bytes = store.read(key(jobId, number));
        try {
            LeaseClaim claim = StoreJson.read(bytes, LeaseClaim.class);
            return new Generation(number, claim.complete() ? claim : null);
        } catch (IOException e) {
            // written atomically, so only a foreign hand makes it unreadable; waiting on it would be forever
            return new Generation(number, null);
        }
    }

    /** A generation of a job's lease; {@code claim} is null when there is none or it cannot be read. */
    private record Generation(int number, LeaseClaim claim) {

        boolean liveAt(Instant now) {
            return claim != null && !claim.endedAt(now);
        }
    }
}
