package io.sightline.inference.payloads;

import java.util.function.Function;

/**
 * Where an Open Inference request came from, when not from HTTP: the gRPC adapter binds its endpoint name and its
 * request ids to the thread running the call (the core it calls is shared by both transports and knows neither).
 * Unbound, a request is an HTTP {@code /v2} one and takes its id from {@link RequestIds}.
 *
 * @param endpoint   the {@code endpoint} of the records
 * @param requestIds the call's request id, given the request's own {@code id} (may be {@code null}); asked only
 *                   when the request is logged
 */
public record PayloadOrigin(String endpoint, Function<String, String> requestIds) {

    private static final ThreadLocal<PayloadOrigin> BOUND = new ThreadLocal<>();

    /** Binds an origin to this thread until the binding is closed. */
    public static Binding bind(PayloadOrigin origin) {
        PayloadOrigin previous = BOUND.get();
        BOUND.set(origin);
        return () -> {
            if (previous == null) {
                BOUND.remove();
            } else {
                BOUND.set(previous);
            }
        };
    }

    static PayloadOrigin bound() {
        return BOUND.get();
    }

    /** An origin bound for a call's length. */
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
