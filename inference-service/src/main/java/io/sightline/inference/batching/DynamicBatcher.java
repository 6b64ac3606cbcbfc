package io.sightline.inference.batching;

import io.sightline.inference.InferenceMetrics;
import io.sightline.inference.ServerBusyException;
import io.sightline.inference.registry.ServedModel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Dynamic batching for one model: requests put their preprocessed rows on a bounded queue, and
 * {@code workers} threads each take what is queued, up to {@code maxBatchSize} rows, and run it as one
 * forward pass through {@link io.sightline.vision.Classifier#probabilities}.
 *
 * <p>Waiting for a batch to fill is the cost of batching, so a worker only waits while another request
 * for this model is on its way (announced by a {@link Ticket}, taken before decoding), and never longer
 * than {@code maxDelay} after the first row of the batch was queued. A lone request therefore runs at
 * once; under load, batches form from the requests that queued while the previous pass ran.
 *
 * <p>Each job carries the {@link ServedModel} its request leased. Its request thread keeps the lease until
 * the job is answered, so a batch in flight always holds a reference to the version it runs on; during a
 * hot swap a batch may mix versions, and is then run as one pass per version.
 *
 * <p>Memory is bounded: at most {@code queueSize} rows wait (a single job larger than that is still
 * taken when nothing else waits); beyond it {@link ServerBusyException}.
 */
public final class DynamicBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DynamicBatcher.class);

    private final String model;
    private final BatchSettings settings;
    private final InferenceMetrics metrics;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedRows = new AtomicInteger();
    /** How often a worker waiting for arrivals checks whether any are still on their way. */
    private static final long ARRIVAL_RECHECK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** Requests that hold a ticket and have not queued yet: worth waiting for. */
    private final AtomicInteger arriving = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    DynamicBatcher(String model, BatchSettings settings, InferenceMetrics metrics, ThreadFactory threads) {
        this.model = model;
        this.settings = settings;
        this.metrics = metrics;
        metrics.queueDepth(model, queuedRows::get);
        for (int i = 0; i < settings.workers(); i++) {
            Thread worker = threads.newThread(this::work);
            worker.setName("sightline-batch-" + model + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    public BatchSettings settings() {
        return settings;
    }

    /** Rows waiting for a worker now. */
    public int queued() {
        return queuedRows.get();
    }

    /**
     * Announces a request that is about to submit (it is still decoding). Take it before the expensive
     * part of the request, close it when done.
     */
    public Ticket ticket() {
        arriving.incrementAndGet();
        return new Ticket();
    }

    /** A request on its way to the queue. */
    public final class Ticket implements AutoCloseable {

        private final AtomicBoolean pending = new AtomicBoolean(true);

        /**
         * Queues the rows and waits for their probabilities. The caller must hold a lease on
         * {@code served} until this returns (it does not return before the rows have run or been dropped).
         *
         * @throws ServerBusyException when the queue is full or the batcher is closed
         */
        public float[][] classify(ServedModel served, List<float[]> rows) throws ServerBusyException {
            Job job = new Job(served, rows, System.nanoTime());
            try {
                reserve(rows.size());
                queue.add(job);
            } finally {
                close(); // only once queued: a worker seeing no arrivals and an empty queue may run without waiting
            }
            if (closed && queue.remove(job)) {
                queuedRows.addAndGet(-rows.size());
                throw new ServerBusyException(model, "model " + model + " is shutting down");
            }
            return job.await();
        }

        @Override
        public void close() {
            if (pending.compareAndSet(true, false)) {
                arriving.decrementAndGet();
            }
        }
    }

    private void reserve(int rows) throws ServerBusyException {
        while (true) {
            if (closed) {
                throw new ServerBusyException(model, "model " + model + " is shutting down");
            }
            int queued = queuedRows.get();
            if (queued > 0 && queued + rows > settings.queueSize()) {
                throw new ServerBusyException(model, "model " + model + " is busy: " + queued
                        + " images are queued (limit " + settings.queueSize() + "); retry later");
            }
            if (queuedRows.compareAndSet(queued, queued + rows)) {
                return;
            }
        }
    }

    private void work() {
        Job carry = null;
        long maxDelay = settings.maxDelay().toNanos();
        while (true) {
            Job first = carry;
            carry = null;
            try {
                if (first == null) {
                    first = queue.poll(200, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                first = null;
                closed = true;
            }
            if (first == null) {
                if (closed) {
                    drain();
                    return;
                }
                continue;
            }
            List<Job> batch = new ArrayList<>();
            batch.add(first);
            int rows = first.rows.size();
            long deadline = first.queuedAt + maxDelay;
            try {
                while (rows < settings.maxBatchSize()) {
                    Job next = queue.poll();
                    if (next == null) {
                        long wait = deadline - System.nanoTime();
                        if (arriving.get() == 0 || wait <= 0) {
                            break; // nobody on the way, or waited long enough
                        }
                        // look again at short intervals: the arrival counted may be a request already in
                        // this batch, whose ticket closes just after it queued
                        next = queue.poll(Math.min(wait, ARRIVAL_RECHECK_NANOS), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            continue;
                        }
                    }
                    if (rows + next.rows.size() > settings.maxBatchSize()) {
                        carry = next; // starts the next batch
                        break;
                    }
                    batch.add(next);
                    rows += next.rows.size();
                }
            } catch (InterruptedException e) {
                closed = true;
            }
            queuedRows.addAndGet(-rows);
            run(batch, rows);
        }
    }

    /** Runs a batch: one forward pass per model version in it (usually one). Answers every job, always. */
    private void run(List<Job> batch, int rows) {
        long start = System.nanoTime();
        Map<ServedModel, List<Job>> byVersion = new IdentityHashMap<>();
        for (Job job : batch) {
            metrics.queueWait(model, start - job.queuedAt);
            byVersion.computeIfAbsent(job.served, served -> new ArrayList<>()).add(job);
        }
        for (Map.Entry<ServedModel, List<Job>> group : byVersion.entrySet()) {
            List<Job> jobs = group.getValue();
            try {
                List<float[]> inputs = new ArrayList<>(rows);
                for (Job job : jobs) {
                    inputs.addAll(job.rows);
                }
                long forward = System.nanoTime();
                float[][] out = group.getKey().classifier().probabilities(inputs);
                metrics.forwardPass(model, System.nanoTime() - forward);
                metrics.batch(model, inputs.size());
                int at = 0;
                for (Job job : jobs) {
                    float[][] mine = new float[job.rows.size()][];
                    System.arraycopy(out, at, mine, 0, mine.length);
                    at += mine.length;
                    job.result.complete(mine);
                }
            } catch (Throwable t) {
                LOG.errorf(t, "batch of %d rows for %s failed", rows, group.getKey());
                jobs.forEach(job -> job.result.completeExceptionally(t));
            }
        }
    }

    private void drain() {
        Job job;
        while ((job = queue.poll()) != null) {
            queuedRows.addAndGet(-job.rows.size());
            job.result.completeExceptionally(new ServerBusyException(model, "model " + model + " is shutting down"));
        }
    }

    /** Stops the workers; queued requests run if a worker still gets to them, else they are refused. */
    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        drain();
        metrics.removeQueueDepth(model);
    }

    private static final class Job {
        final ServedModel served;
        final List<float[]> rows;
        final long queuedAt;
        final CompletableFuture<float[][]> result = new CompletableFuture<>();

        Job(ServedModel served, List<float[]> rows, long queuedAt) {
            this.served = served;
            this.rows = rows;
            this.queuedAt = queuedAt;
        }

        /**
         * Waits for the answer, ignoring interrupts: the caller's lease must outlive the forward pass,
         * so giving up early is not an option. Every job is answered (run, failed or refused at close).
         */
        float[][] await() throws ServerBusyException {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return result.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof ServerBusyException busy) {
                            throw busy;
                        }
                        if (cause instanceof RuntimeException runtime) {
                            throw runtime;
                        }
                        if (cause instanceof Error error) {
                            throw error;
                        }
                        throw new IllegalStateException(cause);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
