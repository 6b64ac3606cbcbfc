package io.sightline.trainer.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.sightline.events.TrainingRequested;
import io.sightline.kit.tracing.Spans;
import io.sightline.trainer.jobs.JobOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A {@value #SPAN} span around one job, child of the {@code training.requested} record's span. Every event
 * the job sends (started, epochs, completed or failed, {@code model.promoted}) is sent inside it, so it
 * carries the job's trace on to the console and to inference.
 */
@ApplicationScoped
public class JobSpans {

    /** Name of the span around one training job. */
    public static final String SPAN = "training job";

    private final Spans spans;

    JobSpans(OpenTelemetry openTelemetry) {
        this.spans = Spans.of(openTelemetry, "io.sightline.trainer");
    }

    /** Runs a job inside its span; the span records the outcome, or the exception that ended the job. */
    public JobOutcome run(TrainingRequested request, Supplier<JobOutcome> job) {
        return spans.span(SPAN)
                .attribute("sightline.job.id", request.jobId())
                .attribute("sightline.model", String.valueOf(request.model()))
                .attribute("sightline.dataset", String.valueOf(request.dataset()))
                .attribute("sightline.dataset.version", String.valueOf(request.datasetVersion()))
                .attribute("sightline.trigger", String.valueOf(request.trigger()))
                .call(span -> {
                    JobOutcome outcome = job.get();
                    span.setAttribute("sightline.job.outcome", outcome.name().toLowerCase(Locale.ROOT));
                    if (outcome == JobOutcome.FAILED) {
                        span.setStatus(StatusCode.ERROR, "the job failed; see its training.failed event");
                    }
                    return outcome;
                });
    }
}
