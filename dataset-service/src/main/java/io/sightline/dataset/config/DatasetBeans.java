package io.sightline.dataset.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.Startup;
import io.sightline.dataset.DatasetEvents;
import io.sightline.dataset.DatasetGc;
import io.sightline.dataset.DatasetService;
import io.sightline.dataset.DatasetSettings;
import io.sightline.dataset.ImportQueue;
import io.sightline.dataset.Retention;
import io.sightline.dataset.RemoteSources;
import io.sightline.dataset.RetentionPolicy;
import io.sightline.dataset.payloads.PayloadImportSettings;
import io.sightline.dataset.payloads.PayloadSource;
import io.sightline.kit.image.DecodeBudget;
import io.sightline.dataset.source.S3Connection;
import io.sightline.dataset.source.S3Connections;
import io.sightline.dataset.source.S3Source;
import io.sightline.dataset.source.SourceLimits;
import io.sightline.kit.tracing.Spans;
import io.sightline.kit.tracing.TracedExecutor;
import io.sightline.storage.ArtifactStore;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the domain from configuration; the artefact store comes from the service kit's producer. */
@ApplicationScoped
class DatasetBeans {

    /** The instrumentation scope of this service's own spans. */
    private static final String TRACING_SCOPE = "io.sightline.dataset";
    /** Name of the span around one import. */
    private static final String IMPORT_SPAN = "dataset import";

    @Produces
    @Singleton
    @Startup // recover published versions before the first request, not on it
    DatasetService datasetService(DatasetConfig config, ArtifactStore store, DatasetEvents events,
                                  MeterRegistry meters, OpenTelemetry openTelemetry, PayloadSource payloads)
            throws IOException {
        DatasetSettings settings = DatasetSettings.builder()
                .setImportRoots(config.importRoots().stream().map(String::trim).filter(s -> !s.isEmpty())
                        .map(Path::of).toList())
                .setDefaultTestRatio(config.defaultTestRatio())
                .setDefaultValidationRatio(config.defaultValidationRatio())
                .setDefaultSeed(config.defaultSeed())
                .setSplitMode(config.splitMode())
                .setCorruptFiles(config.corruptFiles())
                .setLabelConflicts(config.labelConflicts())
                .setNearDuplicates(config.nearDuplicates())
                .setNearDuplicateDistance(config.nearDuplicateDistance())
                .setSmallClassImages(config.smallClassImages())
                .setTransferBelow(config.transferBelow())
                .setThreads(config.threads())
                .setLimits(limits(config))
                .setWorkDir(Path.of(config.workDir()))
                .setDecodeBudget(DecodeBudget.ofHeapShare(config.decodeHeapShare()))
                .setKnownFiles(config.knownFiles())
                .build();
        // traced: an import and its dataset.split event continue the trace of the request that queued it
        ExecutorService workers = TracedExecutor.around(workers(config.workers()),
                Spans.of(openTelemetry, TRACING_SCOPE), IMPORT_SPAN);
        ImportQueue queue = new ImportQueue(workers, config.queue().size(),
                Duration.ofSeconds(config.queue().retryAfterSeconds()));
        S3Source s3 = new S3Source(settings.limits(), connections(config.s3()));
        return new DatasetService(store, settings, events, meters, queue, Clock.systemUTC(),
                new RemoteSources(s3, payloads)).recover();
    }

    /** Reads the configured payloads topic with the service's own Kafka client settings (security included). */
    @Produces
    @Singleton
    PayloadSource payloadSource(PayloadImportConfig payloads, DatasetConfig config,
                                @Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper json) {
        if (!payloads.enabled()) {
            return PayloadSource.DISABLED;
        }
        return PayloadSource.ofTopic(new PayloadImportSettings(true, payloads.topic(), payloads.maxLabelsBytes(),
                payloads.maxRecords(), payloads.maxRecordBytes(), payloads.readTimeout()), limits(config), kafka, json);
    }

    private static SourceLimits limits(DatasetConfig config) {
        return new SourceLimits(config.limits().maxUploadBytes(), config.limits().maxEntries(),
                config.limits().maxUncompressedBytes(), config.limits().maxCompressionRatio());
    }

    @Produces
    @Singleton
    Retention retention(DatasetConfig config, ArtifactStore store, DatasetService service) {
        if (config.retention().keepLast() < 0) {
            throw new IllegalArgumentException("sightline.dataset.retention.keep-last must be 0 (keep all) or more,"
                    + " got " + config.retention().keepLast());
        }
        return new Retention(store, service, new RetentionPolicy.Defaults(config.retention().keepLast(),
                config.retention().maxAge().orElse(null)), Clock.systemUTC());
    }

    @Produces
    @Singleton
    DatasetGc gc(DatasetConfig config, ArtifactStore store, Retention retention, MeterRegistry meters) {
        return new DatasetGc(store, retention, new DatasetGc.Settings(config.gc().grace(), config.gc().repackBelow()),
                meters, Clock.systemUTC());
    }

    static S3Connections connections(DatasetConfig.S3 config) {
        Map<String, S3Connection> byName = new TreeMap<>();
        config.connections().forEach((name, c) -> byName.put(name, new S3Connection(name, c.endpoint().orElse(null),
                c.region(), Set.copyOf(c.buckets()), c.accessKeyId().orElse(null), c.secretAccessKey().orElse(null))));
        return new S3Connections(byName, config.defaultConnection().orElse(null));
    }

    void close(@Disposes DatasetService service) {
        service.close();
    }

    /** Imports read and hash whole trees: keep them off the event loop and off the REST worker pool. */
    private static ExecutorService workers(int count) {
        AtomicInteger number = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "dataset-import-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newFixedThreadPool(Math.max(1, count), threads);
    }
}
