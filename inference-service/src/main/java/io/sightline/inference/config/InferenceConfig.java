package io.sightline.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
