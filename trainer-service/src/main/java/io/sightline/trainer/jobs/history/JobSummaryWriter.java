package io.sightline.trainer.jobs.history;

import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.TrainingJob;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Writes a job's summary to the store when it finishes, and keeps the job table bounded: past {@code keepInMemory}
 * finished jobs, the oldest finished ones whose summaries are written leave memory (queued and running jobs always
 * stay). Every replica writes what it hears, merged with what is stored ({@link SummaryMerge}), so a summary exists
 * whichever replica sees the end first, and writing it again changes nothing. The work runs on a thread of its own:
 * the table tells its listeners on Kafka's threads and the worker's.
 */
public final class JobSummaryWriter implements Consumer<JobBoard.JobChange>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobSummaryWriter.class);
    private static final Duration RETRY = Duration.ofSeconds(30);

    private final JobBoard board;
    private final JobSummaries summaries;
    private final int keepInMemory;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unsettled = new AtomicInteger();
    /** The last snapshot of each job in memory known to be in the store; only touched on the writer's thread. */
    private final Map<String, TrainingJob> written = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sightline-job-summaries");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param keepInMemory finished jobs the table keeps in memory at most (0: none once written)
     */
    public JobSummaryWriter(JobBoard board, JobSummaries summaries, int keepInMemory) {
        this.board = board;
        this.summaries = summaries;
        this.keepInMemory = keepInMemory;
    }

    /** Starts listening to the table. */
    public JobSummaryWriter start() {
        board.subscribe(this);
        for (TrainingJob job : board.list()) { // finished before this listened
            accept(new JobBoard.JobChange(job.jobId(), job.model(), "finished", job.status()));
        }
        return this;
    }

    @Override
    public void accept(JobBoard.JobChange change) {
        if (change.status().isFinal() && !thread.isShutdown() && pending.add(change.jobId())) {
            unsettled.incrementAndGet();
            thread.execute(() -> settle(change.jobId()));
        }
    }

    /** Whether nothing is waiting to be written or dropped (for tests). */
    public boolean isIdle() {
        return unsettled.get() == 0;
    }

    private void settle(String jobId) {
        pending.remove(jobId); // a change from now on is written again
        try {
            Optional<TrainingJob> known = board.find(jobId);
            if (known.isPresent() && known.get().status().isFinal() && JobSummaries.isStorable(jobId)
                    && !known.get().equals(written.get(jobId))) {
                TrainingJob stored = summaries.readStored(jobId).orElse(null);
                TrainingJob merged = SummaryMerge.merge(known.get(), stored);
                if (merged.equals(stored)) {
                    summaries.indexed(merged);
                } else {
                    summaries.write(merged);
                }
                written.put(jobId, known.get());
            }
            forgetOldFinished();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("summary of job %s not written, trying again in %s: %s", jobId, RETRY, e.toString());
            if (!thread.isShutdown() && pending.add(jobId)) {
                unsettled.incrementAndGet();
                thread.schedule(() -> settle(jobId), RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            unsettled.decrementAndGet();
        }
    }

    private void forgetOldFinished() {
        List<TrainingJob> finished = board.list().stream().filter(j -> j.status().isFinal())
                .sorted(Comparator.comparing(JobSummaryWriter::endedAt).thenComparing(TrainingJob::jobId))
                .toList();
        for (TrainingJob job : finished.subList(0, Math.max(0, finished.size() - keepInMemory))) {
            String id = job.jobId();
            boolean safe = !pending.contains(id) && (summaries.holds(id) || !JobSummaries.isStorable(id));
            if (safe && board.forget(id)) {
                written.remove(id);
            }
        }
    }

    private static Instant endedAt(TrainingJob job) {
        Instant at = job.finishedAt() != null ? job.finishedAt() : job.requestedAt();
        return at != null ? at : Instant.EPOCH;
    }

    @Override
    public void close() {
        board.unsubscribe(this);
        thread.shutdown();
    }
}
