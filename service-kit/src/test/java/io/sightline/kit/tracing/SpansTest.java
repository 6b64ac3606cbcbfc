package io.sightline.kit.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Spans as the services start them, recorded by a real SDK. */
class SpansTest {

    final RecordingTracing tracing = new RecordingTracing();
    final Spans spans = Spans.of(tracing.openTelemetry(), "io.sightline.test");

    @Test
    void aSpanContinuesTheGivenParentAndIsCurrentForItsWork() {
        Span record = spans.span("record").call(span -> span); // stands for a Kafka record's consumer span
        Context received = Context.root().with(record);
        AtomicReference<SpanContext> seen = new AtomicReference<>();

        String result = spans.span("model load").parent(received)
                .attribute("sightline.model", "cracks")
                .attribute(AttributeKey.longKey("sightline.epochs"), 3L)
                .call(span -> {
                    seen.set(Span.current().getSpanContext());
                    span.setAttribute("sightline.outcome", "loaded");
                    return "done";
                });

        SpanData load = tracing.ended("model load");
        assertThat(result).isEqualTo("done");
        assertThat(load.getParentSpanId()).isEqualTo(record.getSpanContext().getSpanId());
        assertThat(load.getTraceId()).isEqualTo(record.getSpanContext().getTraceId());
        assertThat(seen.get()).isEqualTo(load.getSpanContext());
        assertThat(load.getAttributes().get(AttributeKey.stringKey("sightline.model"))).isEqualTo("cracks");
        assertThat(load.getAttributes().get(AttributeKey.longKey("sightline.epochs"))).isEqualTo(3L);
        assertThat(load.getAttributes().get(AttributeKey.stringKey("sightline.outcome"))).isEqualTo("loaded");
        assertThat(load.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void withoutAParentTheCurrentContextIsTheParent() {
        Span job = spans.span("job").call(span -> span);
        try (Scope ignored = job.makeCurrent()) {
            spans.span("step").run(() -> { });
        }

        assertThat(tracing.ended("step").getParentSpanId()).isEqualTo(job.getSpanContext().getSpanId());
    }

    @Test
    void anExceptionThatEndsTheWorkIsRecordedAndRethrown() {
        assertThatThrownBy(() -> spans.span("load").call(span -> {
            throw new IOException("no such blob");
        })).isInstanceOf(IOException.class).hasMessage("no such blob");
        assertThatThrownBy(() -> spans.span("import").run(() -> {
            throw new IllegalStateException("disk full");
        })).isInstanceOf(IllegalStateException.class);

        for (String name : new String[] {"load", "import"}) {
            SpanData failed = tracing.ended(name);
            assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(failed.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
        }
    }

    @Test
    void aLinkPointsAtACauseInAnotherTrace() {
        Span promotion = spans.span("promotion").parent(Context.root()).call(span -> span);

        spans.span("first prediction").parent(Context.root())
                .link(promotion.getSpanContext(), Attributes.of(AttributeKey.stringKey("sightline.link"), "promotion"))
                .link(SpanContext.getInvalid(), Attributes.empty())
                .run(() -> { });

        SpanData prediction = tracing.ended("first prediction");
        assertThat(prediction.getLinks()).singleElement()
                .satisfies(link -> assertThat(link.getSpanContext()).isEqualTo(promotion.getSpanContext()));
        assertThat(prediction.getTraceId()).isNotEqualTo(promotion.getSpanContext().getTraceId());
    }

    @Test
    void aTracedExecutorRunsEachTaskInAChildOfTheQueuingThreadsContext() throws Exception {
        ExecutorService workers = TracedExecutor.around(Executors.newSingleThreadExecutor(), spans, "dataset import");
        Span request = spans.span("POST /datasets").call(span -> span);
        try (Scope ignored = request.makeCurrent()) {
            workers.submit(() -> { }).get(10, TimeUnit.SECONDS);
        }
        workers.shutdown();

        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(tracing.ended("dataset import").getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    }

    @Test
    void aCarriedTaskRunsInTheContextOfTheThreadThatCarriedIt() throws Exception {
        Span split = spans.span("split").call(span -> span);
        Runnable carried;
        try (Scope ignored = split.makeCurrent()) {
            carried = Spans.carry(() -> spans.span("retrain").run(() -> { }));
        }
        Thread later = new Thread(carried);
        later.start();
        later.join(10_000);

        assertThat(tracing.ended("retrain").getParentSpanId()).isEqualTo(split.getSpanContext().getSpanId());
    }
}
