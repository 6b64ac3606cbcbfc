package io.sightline.inference.payloads;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.events.PayloadLogged;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Records waiting to be sent, bounded in count and in image bytes, drained by one daemon thread. A request only
 * offers: when the queue is full the record is dropped and counted ({@value #DROPPED}, {@code reason=queue-full}),
 * so a slow or absent broker never reaches a request. The sender hashes and encodes each record, then hands it to
 * the sink with at most {@value #IN_FLIGHT} unacknowledged.
 *
 * <p>Meters: {@value #LOGGED} [{@code sightline_inference_payloads_logged_total}] records the broker took;
 * {@value #DROPPED} [{@code sightline_inference_payloads_dropped_total}] by {@code reason} ({@code queue-full},
 * {@code send-failed}).
 */
final class PayloadQueue implements AutoCloseable {

    static final String LOGGED = "sightline.inference.payloads.logged";
    static final String DROPPED = "sightline.inference.payloads.dropped";
    static final int IN_FLIGHT = 32;

    private static final Logger LOG = Logger.getLogger(PayloadQueue.class);

    private final BlockingQueue<PendingPayload> waiting;
    private final long maxBytes;
    private final AtomicLong heldBytes = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final PayloadSink sink;
    private final boolean includeImages;
    private final int maxImageBytes;
    private final Counter logged;
    private final Counter droppedFull;
    private final Counter droppedFailed;
    private final Thread sender;
    private volatile boolean closed;

    PayloadQueue(PayloadConfig config, PayloadSink sink, MeterRegistry meters) {
        this.waiting = new ArrayBlockingQueue<>(Math.max(1, config.queueSize()));
        this.maxBytes = config.queueBytes();
        this.sink = sink;
        this.includeImages = config.includeImages();
        this.maxImageBytes = config.maxImageBytes();
        this.logged = meters.counter(LOGGED);
        this.droppedFull = meters.counter(DROPPED, "reason", "queue-full");
        this.droppedFailed = meters.counter(DROPPED, "reason", "send-failed");
        this.sender = new Thread(this::drain, "payload-sender");
        sender.setDaemon(true);
        sender.start();
    }

    /** Queues a record if there is room; never waits. */
    boolean offer(PendingPayload payload) {
        long bytes = payload.image().length;
        if (heldBytes.addAndGet(bytes) > maxBytes) {
            heldBytes.addAndGet(-bytes);
            droppedFull.increment();
            return false;
        }
        if (closed || !waiting.offer(payload)) {
            heldBytes.addAndGet(-bytes);
            droppedFull.increment();
            return false;
        }
        return true;
    }

    private void drain() {
        while (!closed || !waiting.isEmpty()) {
            try {
                PendingPayload next = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (next == null) {
                    continue;
                }
                PayloadLogged record;
                try {
                    record = next.toRecord(includeImages, maxImageBytes);
                } finally {
                    heldBytes.addAndGet(-next.image().length);
                }
                inFlight.acquire();
                send(record);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                droppedFailed.increment();
                LOG.debugf("payload record not built: %s", e);
            }
        }
    }

    private void send(PayloadLogged record) {
        try {
            sink.send(record).whenComplete((done, failure) -> {
                inFlight.release();
                if (failure == null) {
                    logged.increment();
                } else {
                    droppedFailed.increment();
                    LOG.debugf("payload record %s not sent: %s", record.requestId(), failure.toString());
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            droppedFailed.increment();
            LOG.debugf("payload record %s not sent: %s", record.requestId(), e.toString());
        }
    }

    /** Stops taking records, sends what waits (up to a few seconds), then stops the sender. */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
    }
}
