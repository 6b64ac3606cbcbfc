package io.sightline.trainer.jobs.history;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.board.JobArchive;
import io.sightline.trainer.jobs.board.TrainingJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Finished jobs' summaries in the store ({@code jobs/summaries/<jobId>.json}, what {@code GET /training-jobs/{id}}
 * answers) and a compact index of them in memory, read from the store once at start: the store outlives the topics'
 * retention and the in-memory table.
 */
public final class JobSummaries implements JobArchive {

    static final String FOLDER = "jobs/summaries";
    private static final String SUFFIX = ".json";
    private static final Logger LOG = Logger.getLogger(JobSummaries.class);

    private final ArtifactStore store;
    private final Map<String, JobIndexEntry> index = new ConcurrentHashMap<>();

    public JobSummaries(ArtifactStore store) {
        this.store = store;
    }

    static String key(String jobId) {
        return FOLDER + "/" + jobId + SUFFIX;
    }

    /** Whether a job id can name a summary (a store name); a record with another id stays in memory only. */
    static boolean isStorable(String jobId) {
        return StoreKeys.isValidName(jobId) && !jobId.endsWith(SUFFIX);
    }

    /**
     * Reads every summary's index entry from the store (at start). An unreadable summary is skipped with a warning.
     *
     * @return how many summaries the index holds
     */
    public int rebuildIndex() throws IOException {
        for (String name : store.list(FOLDER)) {
            if (!name.endsWith(SUFFIX) || !isStorable(name.substring(0, name.length() - SUFFIX.length()))) {
                continue;
            }
            String jobId = name.substring(0, name.length() - SUFFIX.length());
            try {
                readStored(jobId).ifPresent(job -> index.put(jobId, JobIndexEntry.of(job)));
            } catch (IOException | RuntimeException e) {
                LOG.warnf("job summary %s is unreadable and left out of the list: %s", name, e.toString());
            }
        }
        return index.size();
    }

    @Override
    public boolean holds(String jobId) {
        return jobId != null && index.containsKey(jobId);
    }

    @Override
    public Optional<TrainingJob> read(String jobId) {
        if (!holds(jobId)) {
            return Optional.empty();
        }
        try {
            return readStored(jobId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the summary of job " + jobId, e);
        }
    }

    /** The summary in the store, whether or not the index has it yet (another replica may have written it). */
    Optional<TrainingJob> readStored(String jobId) throws IOException {
        String key = key(jobId);
        if (!isStorable(jobId) || !store.exists(key)) {
            return Optional.empty();
        }
        TrainingJob job = StoreJson.read(store.read(key), TrainingJob.class);
        return job.jobId() != null && job.jobId().equals(jobId) && job.status() != null ? Optional.of(job)
                : Optional.empty();
    }

    /** Writes a finished job's summary (replacing the previous one atomically) and indexes it. */
    void write(TrainingJob job) throws IOException {
        store.write(key(job.jobId()), StoreJson.write(job));
        index.put(job.jobId(), JobIndexEntry.of(job));
    }

    /** Indexes a summary found in the store (written by another replica). */
    void indexed(TrainingJob job) {
        index.put(job.jobId(), JobIndexEntry.of(job));
    }

    /** Every indexed entry; a view, cheap to walk. */
    Collection<JobIndexEntry> entries() {
        return index.values();
    }
}
