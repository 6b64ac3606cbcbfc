package io.sightline.trainer.jobs.attempts;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Every start of a job, one file each ({@code checkpoints/<job>/attempts/000000001.json}, …), created with {@link
 * ArtifactStore#createIfAbsent} so that two starts never share a number. A start's file is rewritten only by the
 * worker that created it: after each epoch, and when the run ends. A start without an end is a worker that died
 * with the job (killed, out of memory, a native crash): without a limit such a job would kill every worker the
 * queue hands it to, one after another, and hold its partition forever.
 *
 * <p>Counted by the worker that holds the job's lease, so a start without an end is never one still running. The
 * files live beside the checkpoint, so the collection of finished jobs' checkpoints removes them too.
 */
public final class JobAttempts {

    private static final Logger LOG = Logger.getLogger(JobAttempts.class);
    private static final Pattern NUMBERED = Pattern.compile("(\\d{9})\\.json");

    private final ArtifactStore store;
    private final String worker;
    private final Clock clock;
    private final int maxDeaths;

    /** @param maxDeaths starts without an end after which the job is failed instead of started again (at least 1) */
    public JobAttempts(ArtifactStore store, String worker, Clock clock, int maxDeaths) {
        if (maxDeaths < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, got " + maxDeaths);
        }
        this.store = store;
        this.worker = worker;
        this.clock = clock;
        this.maxDeaths = maxDeaths;
    }

    static String folder(String jobId) {
        return StoreKeys.checkpoints(jobId) + "/attempts";
    }

    static String key(String jobId, int number) {
        return folder(jobId) + "/" + String.format("%09d.json", number);
    }

    /**
     * Why the job must not start again: "the worker died 3 times; last seen in epoch 2" once {@code maxDeaths}
     * starts have no end; empty otherwise. The epoch is the one after the last epoch any start finished (the one
     * it was in when it died), 1 when none finished.
     */
    public Optional<String> exhausted(String jobId) throws IOException {
        List<AttemptRecord> attempts = read(jobId);
        int deaths = 0;
        int epochsDone = 0;
        for (AttemptRecord attempt : attempts) {
            epochsDone = Math.max(epochsDone, attempt.epochsDone());
            if (!attempt.ended()) {
                deaths++;
            }
        }
        if (deaths < maxDeaths) {
            return Optional.empty();
        }
        return Optional.of("the worker died " + deaths + (deaths == 1 ? " time" : " times") + "; last seen in epoch "
                + (epochsDone + 1));
    }

    /** Records a start of the job by this worker; the returned attempt records its progress and its end. */
    public Attempt start(String jobId) throws IOException {
        int number = numbers(jobId).stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        AttemptRecord record = new AttemptRecord(worker, clock.instant(), 0, null, null);
        while (!store.createIfAbsent(key(jobId, number), StoreJson.write(record))) {
            number++; // another worker started it at the same moment (a rebalance): take the next number
        }
        return new Attempt(jobId, number, record);
    }

    private List<Integer> numbers(String jobId) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        for (String name : store.list(folder(jobId))) {
            Matcher matcher = NUMBERED.matcher(name);
            if (matcher.matches()) {
                numbers.add(Integer.parseInt(matcher.group(1)));
            }
        }
        return numbers;
    }

    private List<AttemptRecord> read(String jobId) throws IOException {
        List<AttemptRecord> attempts = new ArrayList<>();
        for (int number : numbers(jobId)) {
            try {
                AttemptRecord attempt = StoreJson.read(store.read(key(jobId, number)), AttemptRecord.class);
                if (attempt.startedAt() != null) {
                    attempts.add(attempt);
                }
            } catch (IOException e) {
                // written atomically, so only a foreign hand makes it unreadable: not a death to count
                LOG.warnf("job %s: attempt file %s is unreadable (%s); not counted", jobId, key(jobId, number), e);
            }
        }
        return attempts;
    }

    /** One start of a job by this worker. Its progress and end are best effort: a store hiccup is logged. */
    public final class Attempt implements AutoCloseable {
        private final String jobId;
        private final int number;
        private AttemptRecord record;

        private Attempt(String jobId, int number, AttemptRecord record) {
            this.jobId = jobId;
            this.number = number;
            this.record = record;
        }

        /** Which start of the job this is: 1 for the first. */
        public int number() {
            return number;
        }

        /** Records that {@code epoch} is done, so a death after it is placed in the next one. */
        public synchronized void epochDone(int epoch) {
            write(record.withEpochsDone(epoch));
        }

        /** Records how the run ended; an attempt closed without it ended without a recorded outcome. */
        public synchronized void ended(String outcome) {
            if (!record.ended()) {
                write(record.endedAt(clock.instant(), outcome));
            }
        }

        @Override
        public void close() {
            ended("stopped");
        }

        private void write(AttemptRecord next) {
            try {
                store.write(key(jobId, number), StoreJson.write(next));
                record = next;
            } catch (IOException | RuntimeException e) {
                LOG.warnf("job %s: could not record attempt %d (%s)", jobId, number, e.toString());
            }
        }
    }
}
