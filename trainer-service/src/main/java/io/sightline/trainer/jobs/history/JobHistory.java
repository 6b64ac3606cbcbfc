package io.sightline.trainer.jobs.history;

import io.sightline.kit.rest.Pages;
import io.sightline.trainer.jobs.board.JobBoard;
import io.sightline.trainer.jobs.board.TrainingJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every job, in memory or archived, newest request first ({@code Pages.newestFirst(requestedAt, jobId)}): the job
 * table's jobs and the store's summaries of those it forgot. A page is ordered and filtered on the table and the
 * compact index; only the archived jobs on the page are read from the store.
 */
public final class JobHistory {

    private final JobBoard board;
    private final JobSummaries summaries;

    public JobHistory(JobBoard board, JobSummaries summaries) {
        this.board = board;
        this.summaries = summaries;
    }

    /** The list's order: newest request first, ties by job id. */
    public static String key(String jobId, Instant requestedAt) {
        return Pages.newestFirst(requestedAt, jobId);
    }

    /** One page of the jobs the filter admits. */
    public Pages.Page<TrainingJob> page(JobFilter filter, Pages.Request request) {
        Map<String, Row> rows = new HashMap<>();
        Set<String> inMemory = new HashSet<>();
        for (TrainingJob job : board.list()) {
            inMemory.add(job.jobId()); // the table's state wins over the summary's
            if (filter.admits(job.status(), job.model(), job.dataset())) {
                rows.put(job.jobId(), new Row(key(job.jobId(), job.requestedAt()), job.jobId(), job));
            }
        }
        for (JobIndexEntry entry : summaries.entries()) {
            if (!inMemory.contains(entry.jobId()) && filter.admits(entry.status(), entry.model(), entry.dataset())) {
                rows.put(entry.jobId(), new Row(key(entry.jobId(), entry.requestedAt()), entry.jobId(), null));
            }
        }
        Pages.Page<Row> page = Pages.cut(rows.values(), Row::key, request);
        List<TrainingJob> jobs = new ArrayList<>(page.items().size());
        for (Row row : page.items()) {
            if (row.inMemory() != null) {
                jobs.add(row.inMemory());
            } else {
                board.find(row.jobId()).ifPresent(jobs::add);
            }
        }
        return new Pages.Page<>(jobs, page.next());
    }

    /** A row of the list before the page is cut: an archived job is read only if it lands on the page. */
    private record Row(String key, String jobId, TrainingJob inMemory) {
    }
}
