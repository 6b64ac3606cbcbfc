package io.sightline.trainer.jobs;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An event could not be delivered in time (the broker is down or unreachable). */
public class EventDeliveryException extends RuntimeException {

    public EventDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Waits for a delivery. */
    public static void await(CompletionStage<Void> delivery, Duration timeout, String what) {
        try {
            delivery.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new EventDeliveryException(what + " was not acknowledged by the broker within " + timeout.toSeconds()
                    + " s; is Kafka reachable?", e);
        } catch (ExecutionException e) {
            throw new EventDeliveryException(what + " could not be delivered: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventDeliveryException(what + " was interrupted", e);
        }
    }
}
