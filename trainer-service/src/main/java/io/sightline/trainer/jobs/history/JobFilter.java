package io.sightline.trainer.jobs.history;

import io.sightline.storage.StoreKeys;
import io.sightline.trainer.jobs.InvalidJobException;
import io.sightline.trainer.jobs.board.JobStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which jobs a list shows: any of some statuses, one model, one dataset; null for "any".
 *
 * @param statuses the statuses shown, or null for all
 * @param model    model name, or null
 * @param dataset  dataset name, or null
 */
public record JobFilter(Set<JobStatus> statuses, String model, String dataset) {

    public static final JobFilter ALL = new JobFilter(null, null, null);

    /**
     * Reads the query's values: {@code status} one or more comma-separated statuses (any case).
     *
     * @throws InvalidJobException naming every bad value and what is allowed
     */
    public static JobFilter of(String status, String model, String dataset) {
        List<String> problems = new ArrayList<>();
        Set<JobStatus> statuses = null;
        if (status != null && !status.isBlank()) {
            statuses = EnumSet.noneOf(JobStatus.class);
            for (String value : status.split(",")) {
                try {
                    statuses.add(JobStatus.valueOf(value.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problems.add("status must be one or more of " + Arrays.toString(JobStatus.values())
                            + " (comma-separated), got: " + value);
                }
            }
        }
        name("model", model, problems);
        name("dataset", dataset, problems);
        if (!problems.isEmpty()) {
            throw new InvalidJobException(String.join("; ", problems));
        }
        return new JobFilter(statuses, blankToNull(model), blankToNull(dataset));
    }

    boolean admits(JobStatus status, String jobModel, String jobDataset) {
        return (statuses == null || statuses.contains(status))
                && (model == null || model.equals(jobModel))
                && (dataset == null || dataset.equals(jobDataset));
    }

    private static void name(String field, String value, List<String> problems) {
        if (value != null && !value.isBlank() && !StoreKeys.isValidName(value)) {
            problems.add(field + " must be a name of 1-128 letters, digits, '.', '_' or '-' starting with a letter or"
                    + " digit, got: " + value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
