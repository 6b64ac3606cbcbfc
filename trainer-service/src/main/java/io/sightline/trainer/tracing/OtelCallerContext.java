package io.sightline.trainer.tracing;

import io.opentelemetry.context.Context;
import io.sightline.trainer.jobs.queue.CallerContext;

/** Carries the OpenTelemetry context of the calling thread (a split's consumer span) to a later task. */
public final class OtelCallerContext implements CallerContext {

    @Override
    public Runnable carry(Runnable task) {
        return Context.current().wrap(task);
    }
}
