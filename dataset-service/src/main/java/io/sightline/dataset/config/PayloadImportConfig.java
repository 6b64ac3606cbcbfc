package io.sightline.dataset.config;

import io.sightline.events.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Imports of logged inference payloads ({@code payloads:} sources; decision 105). */
@ConfigMapping(prefix = "sightline.dataset.payloads")
public interface PayloadImportConfig {

    /**
     * Whether {@code payloads:} sources are accepted (default false: refused with 400). On, anyone with the write
     * role can import images the inference service logged: turn it on where that is intended.
     */
    @WithDefault("false")
    boolean enabled();

    /** The topic read (default {@code sightline.inference.payloads}); a request never names one. */
    @WithDefault(Topics.INFERENCE_PAYLOADS)
    String topic();

    /** Largest labels file, in bytes (default 4 MiB, some 100,000 rows). */
    @WithDefault("4194304")
    long maxLabelsBytes();

    /** Most records one import scans (default 1,000,000); past it the import is rejected: narrow the range. */
    @WithDefault("1000000")
    long maxRecords();

    /** Largest record fetched, in bytes (default 16 MiB: a logged image and its answer). */
    @WithDefault("16777216")
    int maxRecordBytes();

    /** Longest one import reads the topic (default 5 minutes). */
    @WithDefault("5m")
    Duration readTimeout();
}
