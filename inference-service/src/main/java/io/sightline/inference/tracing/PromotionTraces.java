package io.sightline.inference.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.sightline.events.ModelPromoted;
import io.sightline.inference.registry.ModelLoader;
import io.sightline.kit.tracing.Spans;
import io.sightline.vision.Classifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Follows a promotion's trace inside this service, where SmallRye's Kafka tracing cannot see it:
 * <ul>
 *   <li>the registry loads on a background thread, and coalesces promotions (a load takes the latest one
 *       seen), so the trace is looked up by the promotion actually loaded, not taken from whichever
 *       thread queued the load: a {@value #LOAD_SPAN} span, child of that promotion's record span;</li>
 *   <li>a prediction is a trace of its own (the client's), caused by no promotion; the first one a newly
 *       loaded version answers gets a span <em>link</em> to the promotion's span, so the promotion's trace
 *       leads to the moment the new version first served, and back.</li>
 * </ul>
 * Both memories are bounded: a promotion whose load never comes, or a version that never answers, is
 * forgotten after {@value #REMEMBERED} newer ones.
 */
@ApplicationScoped
public class PromotionTraces {

    /** Name of the span around loading one model version. */
    public static final String LOAD_SPAN = "model load";

    static final AttributeKey<String> MODEL = AttributeKey.stringKey("sightline.model");
    static final AttributeKey<String> VERSION = AttributeKey.stringKey("sightline.model.version");
    static final AttributeKey<Boolean> FIRST_PREDICTION = AttributeKey.booleanKey("sightline.model.first_prediction");
    static final AttributeKey<String> LINK = AttributeKey.stringKey("sightline.link");

    private static final int REMEMBERED = 256;

    private final Spans spans;
    /** Trace context of each promotion received, by event id. */
    private final Map<String, Context> promotions = bounded();
    /** Span context of the promotion each loaded version came from, by model and version, until it answers. */
    private final Map<String, SpanContext> unanswered = bounded();

    PromotionTraces(OpenTelemetry openTelemetry) {
        this.spans = Spans.of(openTelemetry, "io.sightline.inference");
    }

    /** Remembers the trace a promotion arrived with (its Kafka record's span). */
    public void received(ModelPromoted promotion, Context context) {
        if (promotion.eventId() != null && Span.fromContext(context).getSpanContext().isValid()) {
            synchronized (promotions) {
                promotions.put(promotion.eventId(), context);
            }
        }
    }

    /** A loader that loads each version inside a {@value #LOAD_SPAN} span of its promotion's trace. */
    public ModelLoader around(ModelLoader loader) {
        return promotion -> {
            Context parent;
            synchronized (promotions) {
                parent = promotion.eventId() == null ? null : promotions.remove(promotion.eventId());
            }
            if (parent == null) {
                parent = Context.current();
            }
            SpanContext cause = Span.fromContext(parent).getSpanContext();
            return spans.span(LOAD_SPAN).parent(parent)
                    .attribute(MODEL, promotion.model())
                    .attribute(VERSION, promotion.version())
                    .call(span -> {
                        Classifier loaded = loader.load(promotion);
                        if (cause.isValid()) {
                            synchronized (unanswered) {
                                unanswered.put(key(promotion.model(), promotion.version()), cause);
                            }
                        }
                        return loaded;
                    });
        };
    }

    /**
     * Called by the request that a version just answered: the first answer of a newly loaded version links
     * the request's span to the promotion that brought the version. Later answers cost a map lookup.
     */
    public void answered(String model, String version) {
        SpanContext cause;
        synchronized (unanswered) {
            if (unanswered.isEmpty()) {
                return;
            }
            cause = unanswered.remove(key(model, version));
        }
        if (cause != null) {
            Span request = Span.current();
            request.addLink(cause, Attributes.of(LINK, "promotion", VERSION, version));
            request.setAttribute(MODEL, model);
            request.setAttribute(VERSION, version);
            request.setAttribute(FIRST_PREDICTION, true);
        }
    }

    private static String key(String model, String version) {
        return model + "@" + version;
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }
}
