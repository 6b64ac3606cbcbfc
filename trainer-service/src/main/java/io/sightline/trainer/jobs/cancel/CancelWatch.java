package io.sightline.trainer.jobs.cancel;

import io.sightline.trainer.training.StopSignal;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Whether a job running here was cancelled. A request made in this JVM arrives at once; one made on another replica
 * is looked for in the store at most every poll interval (the batch loop asks before every batch, and on S3 each
 * look is a request).
 */
public final class CancelWatch implements StopSignal, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CancelWatch.class);

    private final String jobId;
    private final CancelRequests requests;
    private final long pollNanos;
    private volatile CancelRequest request;
    private long nextLookNanos; // guarded by this

    CancelWatch(String jobId, CancelRequests requests, Duration poll) {
        this.jobId = jobId;
        this.requests = requests;
        this.pollNanos = poll.toNanos();
        this.nextLookNanos = System.nanoTime();
    }

    void requested(CancelRequest request) {
        this.request = request;
    }

    /** The request once seen. */
    public Optional<CancelRequest> request() {
        return Optional.ofNullable(request);
    }

    @Override
    public boolean stopRequested() {
        if (request != null) {
            return true;
        }
        synchronized (this) {
            long now = System.nanoTime();
            if (now - nextLookNanos < 0) {
                return false;
            }
            nextLookNanos = now + pollNanos;
        }
        return requestedNow();
    }

    /** Looks in the store now, whatever the interval: before what cannot be undone (publishing, starting). */
    public boolean requestedNow() {
        if (request != null) {
            return true;
        }
        try {
            requests.find(jobId).ifPresent(this::requested);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("job %s: could not look for a cancel request (%s); looking again later", jobId, e.toString());
        }
        return request != null;
    }

    @Override
    public void close() {
        requests.unwatch(jobId, this);
    }
}
