package io.sightline.trainer.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.sightline.events.TrainingRequested;
import io.sightline.trainer.jobs.JobOutcome;
import jakarta.enterprise.context.ApplicationScoped;
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

    private final Tracer tracer;

    JobSpans(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.sightline.trainer");
    }

    /** Runs a job inside its span; the span records the outcome, or the exception that ended the job. */
    public JobOutcome run(TrainingRequested request, Supplier<JobOutcome> job) {
        Span span = tracer.spanBuilder(SPAN)
                .setAttribute("sightline.job.id", request.jobId())
                .setAttribute("sightline.model", String.valueOf(request.model()))
                .setAttribute("sightline.dataset", String.valueOf(request.dataset()))
                .setAttribute("sightline.dataset.version", String.valueOf(request.datasetVersion()))
                .setAttribute("sightline.trigger", String.valueOf(request.trigger()))
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            JobOutcome outcome = job.get();
            span.setAttribute("sightline.job.outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
            if (outcome == JobOutcome.FAILED) {
                span.setStatus(StatusCode.ERROR, "the job failed; see its training.failed event");
            }
            return outcome;
        } catch (RuntimeException | Error e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }
}
