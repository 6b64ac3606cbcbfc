package io.sightline.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** How the inference service serves. */
@ConfigMapping(prefix = "sightline.inference")
public interface InferenceConfig {

    /**
     * Largest request body accepted, in bytes (default 10 MiB). Larger bodies are refused with 413: by
     * their {@code Content-Length} before reading, and by the bytes actually read otherwise.
     */
    @WithDefault("10485760")
    long maxRequestBytes();

    /**
     * Largest image accepted, in pixels (width × height, default 40 megapixels). Checked from the image
     * header before decoding, so a small file announcing a huge image costs nothing; refused with 400.
     */
    @WithDefault("40000000")
    long maxPixels();

    /**
     * Share of the heap ({@code -Xmx}) one decoded image may take (default 0.1), greater than 0 and at most
     * 1. The bytes come from the header (width × height × bytes per pixel of its bands and bit depth: 8 for
     * 16-bit RGBA) before decoding; a larger image is refused with 400, like one over {@code max-pixels}.
     */
    @WithDefault("0.1")
    double decodeHeapShare();

    /** Number of predictions returned when a request names no {@code topK} (default 3). */
    @WithDefault("3")
    int defaultTopK();

    /**
     * Inferences on an all-zero input right after a version loads and before it serves (default 3; 0
     * skips warm-up). They make the first real request as fast as the next and check the model's output
     * size against its signature.
     */
    @WithDefault("3")
    int warmupCount();

    /** Seconds a client is asked to wait ({@code Retry-After}) when a model is known but not loaded (default 5). */
    @WithDefault("5")
    int retryAfterSeconds();

    /**
     * Models this instance must serve before it is ready (default: none named, meaning every promoted
     * model must have been dealt with, loaded or failed). Named models must be loaded and warmed up.
     */
    Optional<Set<String>> readyModels();

    /**
     * The models this deployment serves: names and globs ({@code *}, {@code ?}), comma-separated (default: every
     * model). Others are never loaded here and answer 404: another inference pool serves them (decision 104).
     */
    Optional<List<String>> models();

    /**
     * Bytes this replica's resident models may take (default: no bound, every selected model loads at promotion).
     * Bounded, models load on their first request (the {@code ready-models} at promotion) and the least recently
     * used model no request holds is evicted when a load needs room. A model's bytes are estimated as its
     * parameters file × {@code resident-size-factor}.
     */
    OptionalLong memoryBudget();

    /** Estimated resident bytes of a model per byte of its parameters file (default 1.5, at least 1). */
    @WithDefault("1.5")
    double residentSizeFactor();

    /**
     * Longest a request waits for its model's on-demand load under a memory budget (default 10 s); then 503 with
     * {@code Retry-After}.
     */
    @WithDefault("10s")
    Duration loadWait();

    /** Seconds a client is asked to wait ({@code Retry-After}) when a model's queue is full (429; default 1). */
    @WithDefault("1")
    int busyRetryAfterSeconds();

    /**
     * Threads PyTorch uses inside one forward pass (default 1; 0 leaves PyTorch's own default, all
     * cores). Applied when the engine starts, as {@code ai.djl.pytorch.num_threads}, unless that JVM flag
     * is set. On a small shared node one thread per pass gives steady latency; throughput comes from
     * batching and from {@code batching.workers}.
     */
    @WithDefault("1")
    int intraOpThreads();

    /** Threads PyTorch uses across operators (default 1; 0 = PyTorch's default); {@code ai.djl.pytorch.num_interop_threads}. */
    @WithDefault("1")
    int interOpThreads();

    /** Dynamic batching of requests per model. */
    Batching batching();

    /** How each model's requests are grouped into forward passes. */
    interface Batching {

        /**
         * Whether concurrent requests share forward passes (default true). Off, every request is its own
         * pass, still through the bounded queue and the same workers.
         */
        @WithDefault("true")
        boolean enabled();

        /** Most images in one forward pass (default 16). */
        @WithDefault("16")
        int maxBatchSize();

        /**
         * Longest a request waits for others to join its batch (default 1 ms). Only spent while other
         * requests for the model are being decoded; a lone request never waits.
         */
        @WithDefault("1ms")
        Duration maxDelay();

        /** Images that may wait per model before requests are refused with 429 (default 256). */
        @WithDefault("256")
        int queueSize();

        /** Threads running forward passes per model, one batch each at a time (default 1). */
        @WithDefault("1")
        int workers();
    }
}
