package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sightline job ls|cancel}: training jobs (trainer-service). */
@Command(name = "job", aliases = "jobs", description = "List and cancel training jobs (trainer-service).",
        subcommands = {JobCommand.ListJobs.class, JobCommand.Cancel.class})
final class JobCommand implements Callable<Integer> {

    /** The statuses a job can have, as the trainer names them. */
    enum JobStatus { QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "ls", aliases = "list", description = "Training jobs, newest first (all of them unless --limit).")
    static final class ListJobs implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--status", paramLabel = "STATUS", description = "only jobs in this status: ${COMPLETION-CANDIDATES}")
        JobStatus status;

        @Option(names = {"-m", "--model"}, paramLabel = "NAME", description = "only jobs training this model")
        String model;

        @Option(names = {"-d", "--dataset"}, paramLabel = "NAME", description = "only jobs on this dataset")
        String dataset;

        @Option(names = "--limit", paramLabel = "N", description = "show at most N jobs")
        Integer limit;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            Map<String, String> filters = new LinkedHashMap<>();
            filters.put("status", status == null ? null : status.name());
            filters.put("model", model);
            filters.put("dataset", dataset);
            ListPages.Listing listing = ListPages.read(root.api().trainer(), "/training-jobs", filters, limit);
            output.result(listing.items());
            if (listing.items().isEmpty()) {
                output.line(filters.values().stream().allMatch(v -> v == null) ? "no training jobs yet"
                        : "no training jobs match");
                return ExitCodes.OK;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode job : listing.items()) {
                rows.add(List.of(job.path("jobId").asText(), Format.text(job.path("model")),
                        Format.text(job.path("dataset")) + ":" + Format.text(job.path("datasetVersion")),
                        Format.text(job.path("status")), Format.text(job.path("modelVersion")),
                        Format.decimal(job.path("testAccuracy"), 3), Format.text(job.path("requestedAt"))));
            }
            Format.table(List.of("JOB", "MODEL", "DATASET", "STATUS", "VERSION", "TEST ACC", "REQUESTED"), rows)
                    .forEach(output::line);
            Optional.ofNullable(ListPages.cutNote(listing)).ifPresent(output::line);
            return ExitCodes.OK;
        }
    }

    @Command(name = "cancel", description = {"Cancel a training job: a queued one is dropped at once, a running one"
            + " stops at its next batch (its model version is not published).",
            "A finished job cannot be cancelled (exit 1). Asks for confirmation on a terminal; --yes to skip it."})
    static final class Cancel implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "the job's id (sightline job ls)")
        String jobId;

        @Mixin
        Confirmation confirmation;

        @Override
        public Integer call() {
            Sightline root = Sightline.of(spec);
            Output output = root.output(spec);
            confirmation.require(root, "Cancel training job " + jobId + "?");
            JsonNode answer = root.api().trainer().delete("/training-jobs/" + ServiceClient.segment(jobId),
                    status -> status == 409 ? "It has finished: there is nothing to cancel. Its model version, if"
                            + " any, is deleted with sightline model rm MODEL:VERSION." : null);
            output.result(answer);
            String state = answer.path("status").asText("").toUpperCase(Locale.ROOT);
            output.line(state.equals("CANCELLED") ? "job " + jobId + " cancelled"
                    : "job " + jobId + ": cancel requested (status " + Format.text(answer.path("status"))
                    + "); its worker stops at the next batch");
            return ExitCodes.OK;
        }
    }
}
