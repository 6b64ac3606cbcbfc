package io.sightline.inference.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.sightline.inference.payloads.RequestIds;
import io.sightline.inference.routing.CallerKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a call's metadata says besides its token, carried into the call's context as {@link GrpcCallers} carries
 * the token: the caller key {@value CallerKeys#METADATA} (sticky canary routing, read as the HTTP header is) and
 * the request id {@code x-request-id}. A call whose payload is logged answers its request id in the response
 * headers' {@code x-request-id}, as {@code /predict} does in its HTTP header.
 */
@ApplicationScoped
@GlobalInterceptor
public class GrpcCallMetadata implements ServerInterceptor {

    static final Metadata.Key<String> REQUEST_KEY = Metadata.Key.of(CallerKeys.METADATA, Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> CALLER_KEY = Context.key("sightline-request-key");
    private static final Context.Key<String> GIVEN_ID = Context.key("sightline-request-id");
    private static final Context.Key<AtomicReference<String>> ANSWERED_ID = Context.key("sightline-answered-id");

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                      ServerCallHandler<Q, A> next) {
        AtomicReference<String> answered = new AtomicReference<>();
        ServerCall<Q, A> answering = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                String id = answered.get();
                if (id != null) {
                    responseHeaders.put(REQUEST_ID, id);
                }
                super.sendHeaders(responseHeaders);
            }
        };
        Context context = Context.current().withValues(CALLER_KEY, headers.get(REQUEST_KEY),
                GIVEN_ID, headers.get(REQUEST_ID), ANSWERED_ID, answered);
        return Contexts.interceptCall(context, answering, headers, next);
    }

    /** The current call's caller key, {@code null} when it sent none. */
    static String callerKey() {
        return CallerKeys.checked(CALLER_KEY.get());
    }

    /**
     * The current call's request id, taken once it is logged: its {@code x-request-id} when a plain token, else the
     * request's own {@code id} when a plain token, else a fresh UUID; answered in the response headers.
     */
    static String requestId(String inferId) {
        AtomicReference<String> answered = ANSWERED_ID.get();
        String given = GIVEN_ID.get();
        String id = given != null && RequestIds.VALID.matcher(given).matches() ? given
                : inferId != null && RequestIds.VALID.matcher(inferId).matches() ? inferId
                : UUID.randomUUID().toString();
        if (answered == null) {
            return id;
        }
        answered.compareAndSet(null, id);
        return answered.get();
    }
}
