package io.sightline.trainer.jobs.board;

import java.util.Optional;

/**
 * Where finished jobs go once the table no longer keeps them in memory (the store's job summaries). The table asks
 * it for a job it does not hold, and drops news of a job the archive holds and the table forgot: that news is a
 * replay of a run already summarised (the topics are read from the start at every start).
 */
public interface JobArchive {

    /** An archive that holds nothing: every job stays in memory. */
    JobArchive NONE = new JobArchive() {
        @Override
        public boolean holds(String jobId) {
            return false;
        }

        @Override
        public Optional<TrainingJob> read(String jobId) {
            return Optional.empty();
        }
    };

    /** Whether a finished job's summary is archived. */
    boolean holds(String jobId);

    /** The archived summary of a finished job. */
    Optional<TrainingJob> read(String jobId);
}
