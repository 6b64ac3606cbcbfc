package io.sightline.inference.payloads;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/** What of the requests is logged to the payloads topic. */
@ConfigMapping(prefix = "sightline.inference.payloads")
public interface PayloadConfig {

    /** Share of requests logged, 0 to 1 (default 0: logging off). */
    @WithDefault("0")
    double sample();

    /** Models whose requests are logged (default: every model, when {@code sample} is above 0). */
    Optional<Set<String>> models();

    /** Whether records carry the image itself (default false: digest, size and media type only). */
    @WithDefault("false")
    boolean includeImages();

    /** Largest image carried in a record, in bytes (default 1 MiB); a larger one is logged without its bytes. */
    @WithDefault("1048576")
    int maxImageBytes();

    /** Records waiting to be sent; past it, records are dropped and counted, never waited for (default 256). */
    @WithDefault("256")
    int queueSize();

    /**
     * Image bytes the waiting records may hold together (default 64 MiB); past it, records are dropped and counted
     * like on a full queue, so the queue's memory stays bounded whatever the images weigh.
     */
    @WithDefault("67108864")
    long queueBytes();
}
