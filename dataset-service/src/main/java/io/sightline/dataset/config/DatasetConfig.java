package io.sightline.dataset.config;

import io.sightline.dataset.importing.CorruptFilePolicy;
import io.sightline.dataset.importing.FindingPolicy;
import io.sightline.dataset.split.SplitMode;
import io.smallrye.config.ConfigMapping;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How the dataset service imports and splits. */
@ConfigMapping(prefix = "sightline.dataset")
public interface DatasetConfig {

    /**
     * Folders a {@code file:} source must lie in, compared after resolving symlinks; a source, or a symlink
     * inside it, that leads elsewhere is refused. Defaults to the user's home and the temp folder.
     */
    @WithDefault("${user.home},${java.io.tmpdir}")
    List<String> importRoots();

    /** Test share per class when a request gives none; greater than 0, less than 1. */
    @WithDefault("0.2")
    double defaultTestRatio();

    /** Validation share per class when a request gives none; 0 for no validation split. */
    @WithDefault("0")
    double defaultValidationRatio();

    /** Seed of the split hash when a request gives none. */
    @WithDefault("42")
    long defaultSeed();

    /**
     * {@code stable}: a hash threshold, so adding images never moves an existing one to another side;
     * {@code exact}: per-class counts as close to the ratios as whole groups allow.
     */
    @WithDefault("stable")
    SplitMode splitMode();

    /** {@code reject}: a file that does not decode refuses the import; {@code exclude}: it is left out and listed. */
    @WithDefault("reject")
    CorruptFilePolicy corruptFiles();

    /** Imports processed at the same time, one thread each; others wait in order. */
    @WithDefault("1")
    int workers();

    /**
     * Threads that read, hash, decode, copy and re-check files within one import (and materialise trees);
     * memory grows with this, not with the dataset: one file in flight per thread.
     */
    @WithDefault("2")
    int threads();

    /** {@code reject}: the same content under two classes refuses the import; {@code warn}: reported only. */
    @WithDefault("reject")
    FindingPolicy labelConflicts();

    /** {@code warn}: near-duplicate pairs across train/test/val are reported; {@code reject}: they refuse it. */
    @WithDefault("warn")
    FindingPolicy nearDuplicates();

    /** Largest Hamming distance (0-8 bits of 64) between two images' dHashes that counts as near-duplicate. */
    @WithDefault("4")
    int nearDuplicateDistance();

    /** Classes with fewer images than this are listed under {@code smallClasses} in the report. */
    @WithDefault("10")
    int smallClassImages();

    /**
     * Training images per class (the train split over its classes) below which the report recommends transfer
     * learning from a pretrained base (decision 102); keep it equal to the trainer's
     * {@code sightline.trainer.small-data.transfer-below}.
     */
    @WithDefault("2000")
    int transferBelow();

    /**
     * Where uploads are received and archives / {@code s3://} sources unpacked, one folder per import,
     * deleted when it ends; emptied at startup. This service's own: do not share it between instances.
     */
    @WithDefault("${java.io.tmpdir}/sightline-dataset-work")
    String workDir();

    /** Bounds for uploaded archives and {@code s3://} sources. */
    Limits limits();

    /**
     * Share of the heap ({@code -Xmx}) one decoded image may take, greater than 0 and at most 1; the bytes an
     * image needs are told from its header (size × bytes per pixel of its bands and bit depth), and a larger
     * image is corrupt (kind too-large) without being decoded.
     */
    @WithDefault("0.1")
    double decodeHeapShare();

    /**
     * Source files whose digest, size and decode the service remembers by their file-system stamp (size, inode, times;
     * never a racy one), so that importing a folder again reads only what changed (decision 118); the first
     * remembered are forgotten first, about 300 bytes of heap each. 0 remembers none.
     */
    @WithDefault("100000")
    int knownFiles();

    /** The queue of imports waiting for a worker. */
    Queue queue();

    /**
     * Imports of a small generated dataset into a throwaway store before the service reports ready, so that the first
     * import after a start runs compiled code (decision 113).
     */
    WarmUp warmUp();

    /** The import warm-up. */
    interface WarmUp {

        /** Generated 28×28 images per warm-up import; 0 turns the warm-up off. */
        @WithDefault("3000")
        int files();

        /**
         * Imports of them. C2 compiles a method after 5,000 to 15,000 calls, thresholds it multiplies while its queue
         * is long, as it is after a start: 10 × 3,000 got the per-file methods there more often than 6, and 25 left the
         * compiler far less to do during the first import than 10 (decision 113).
         */
        @WithDefault("25")
        int rounds();

        /** No further round starts after this long; ready then in any case. */
        @WithDefault("20s")
        @WithConverter(DurationConverter.class)
        Duration budget();
    }

    /** The queue of imports waiting for a worker. */
    interface Queue {

        /** Imports that may wait for a worker; one more is refused with 429. */
        @WithDefault("16")
        int size();

        /** Seconds a refused caller is asked to wait ({@code Retry-After}). */
        @WithDefault("30")
        int retryAfterSeconds();
    }

    /** Where {@code s3://} sources may be read from. */
    S3 s3();

    /** How many published versions of each dataset are kept; a dataset's {@code retention.json} overrides it. */
    Retention retention();

    /** The default retention; the newest READY version of a dataset is never removed by it. */
    interface Retention {

        /** Published versions kept per dataset, newest first; 0 keeps all. */
        @WithDefault("0")
        int keepLast();

        /** A published version completed longer ago than this is deleted ({@code 90d}); unset, any age is kept. */
        Optional<@WithConverter(DurationConverter.class) Duration> maxAge();
    }

    /** The periodic garbage collection: retention, then the store's blob collection. */
    Gc gc();

    /** When and how the collection runs. */
    interface Gc {

        /**
         * Interval of the scheduled run ({@code 6h}, {@code 30m}; Quarkus' duration syntax); {@code off} disables
         * it ({@code POST /admin/gc} still runs it). The first run comes one interval after startup.
         */
        @WithDefault("6h")
        String every();

        /**
         * Blobs written more recently than this are never swept, whatever references them: a net for writers that
         * take no writer hold. Every import takes one and the collector's lock excludes them, so the default is 0: a
         * deleted version's bytes come back at the next collection, not an hour later.
         */
        @WithDefault("0s")
        @WithConverter(DurationConverter.class)
        Duration grace();

        /** A pack whose live share of bytes is below this (0..1) is rewritten with only its live blobs; 0 never. */
        @WithDefault("0.5")
        double repackBelow();
    }

    /** Where {@code s3://} sources may be read from: named connections, nothing from the request. */
    interface S3 {

        /** The connection of a source that names none; unset, a source must name one ({@code ?connection=}). */
        Optional<String> defaultConnection();

        /** The connections by name; none configured, every {@code s3://} source is refused. */
        Map<String, Connection> connections();

        /** One way to reach S3 and the buckets it may read. */
        interface Connection {

            /** An S3-compatible server's URL (MinIO, Ceph; path-style); unset for AWS itself. */
            Optional<URI> endpoint();

            /** The signing region. */
            @WithDefault("us-east-1")
            String region();

            /** The buckets sources may be read from through this connection; nothing else is. */
            List<String> buckets();

            /** This connection's own access key id; unset, the AWS default chain signs (env, profile, IRSA). */
            Optional<String> accessKeyId();

            /** The secret of {@link #accessKeyId()}; pass it from a Secret (environment), never in a file. */
            Optional<String> secretAccessKey();
        }
    }

    /** Bounds for uploaded archives and {@code s3://} sources. */
    interface Limits {

        /** Largest upload body in bytes; a larger one is answered 413 (also set quarkus.http.limits.max-body-size). */
        @WithDefault("2147483648")
        long maxUploadBytes();

        /**
         * Largest JSON body (every request but an archive upload), in bytes; a larger one is answered 413
         * (default 1 MiB).
         */
        @WithDefault("1048576")
        long maxJsonBytes();

        /** Most entries in an archive (files and folders), or objects under an s3 prefix. */
        @WithDefault("200000")
        int maxEntries();

        /** Most bytes an archive may expand to, or an s3 prefix may hold. */
        @WithDefault("8589934592")
        long maxUncompressedBytes();

        /** Largest expanded/compressed ratio of the archive and of any zip entry (beyond 1 MiB expanded). */
        @WithDefault("100")
        double maxCompressionRatio();
    }
}
