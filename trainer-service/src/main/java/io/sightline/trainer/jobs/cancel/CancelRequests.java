package io.sightline.trainer.jobs.cancel;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.StoreJson;
import io.sightline.storage.StoreKeys;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cancel requests: written to the store ({@code jobs/cancel/<jobId>.json}) so that the worker of any replica and a
 * worker handed the request later see them, and flagged at once for a job running in this JVM. The files stay: a
 * cancelled request may wait in the work queue for longer than any grace, and must still be dropped then.
 */
public final class CancelRequests {

    /** Store folder of the requests. */
    public static final String FOLDER = "jobs/cancel";
    /** How often a running job looks at the store for a request made on another replica. */
    static final Duration DEFAULT_POLL = Duration.ofSeconds(2);

    private final ArtifactStore store;
    private final Clock clock;
    private final Duration poll;
    private final Map<String, CancelWatch> running = new ConcurrentHashMap<>();

    public CancelRequests(ArtifactStore store, Clock clock) {
        this(store, clock, DEFAULT_POLL);
    }

    /** @param poll least time between two looks at the store by one running job */
    public CancelRequests(ArtifactStore store, Clock clock, Duration poll) {
        this.store = store;
        this.clock = clock;
        this.poll = poll;
    }

    static String key(String jobId) {
        return FOLDER + "/" + jobId + ".json";
    }

    /** Records a cancel request and tells a run of the job in this JVM at once. */
    public CancelRequest request(String jobId, String by) throws IOException {
        StoreKeys.requireValidName("job id", jobId);
        CancelRequest request = new CancelRequest(jobId, clock.instant(), by);
        store.write(key(jobId), StoreJson.write(request));
        CancelWatch watch = running.get(jobId);
        if (watch != null) {
            watch.requested(request);
        }
        return request;
    }

    /** The job's cancel request, if one was made; empty for an id that cannot name one. */
    public Optional<CancelRequest> find(String jobId) throws IOException {
        if (!StoreKeys.isValidName(jobId) || !store.exists(key(jobId))) {
            return Optional.empty();
        }
        return Optional.of(StoreJson.read(store.read(key(jobId)), CancelRequest.class));
    }

    /** Starts watching a job that is about to run here; close the watch when the run ends. */
    public CancelWatch watch(String jobId) {
        CancelWatch watch = new CancelWatch(jobId, this, poll);
        running.put(jobId, watch);
        return watch;
    }

    void unwatch(String jobId, CancelWatch watch) {
        running.remove(jobId, watch);
    }
}
