package io.sightline.inference.routing;

/**
 * The caller key of the request being routed, whatever its transport: HTTP sends it in the header {@value #HEADER},
 * gRPC in the metadata {@value #METADATA}; both are read alike (any value, hashed, never matched or stored; empty is
 * none, and none routes at random). gRPC has no current HTTP request to read it from, so its adapter binds the key
 * to the thread that runs the call, for the call's length.
 */
public final class CallerKeys {

    public static final String HEADER = RouteKeys.HEADER;
    /** gRPC metadata names are lower case. */
    public static final String METADATA = "x-sightline-request-key";

    private static final ThreadLocal<String> BOUND = new ThreadLocal<>();

    private CallerKeys() {
    }

    /** A key as a transport delivered it: {@code null} when absent or empty (the request is routed at random). */
    public static String checked(String raw) {
        return raw == null || raw.isEmpty() ? null : raw;
    }

    /** Binds a call's key to this thread until the returned binding is closed; {@code null} binds nothing. */
    public static Binding bind(String key) {
        String previous = BOUND.get();
        String checked = checked(key);
        if (checked == null) {
            return () -> { };
        }
        BOUND.set(checked);
        return () -> {
            if (previous == null) {
                BOUND.remove();
            } else {
                BOUND.set(previous);
            }
        };
    }

    /** The key bound to this thread, else {@code null}. */
    static String bound() {
        return BOUND.get();
    }

    /** A key bound for a call's length. */
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
