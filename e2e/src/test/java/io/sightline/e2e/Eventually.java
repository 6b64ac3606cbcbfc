package io.sightline.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Condition waits (Awaitility) whose failure message is written when the wait gives up: what was seen last,
 * and the service logs of that moment, which a fixed message could not hold. Public for the fault tests.
 */
public final class Eventually {

    private Eventually() {
    }

    /**
     * Asks {@code probe} every {@code every} until its answer passes {@code done}, and returns that answer. An
     * exception of {@code probe} ends the wait at once, as it would a plain loop.
     *
     * @param failure the assertion message from the last answer ({@code null} if none came)
     */
    public static <T> T until(Duration timeout, Duration every, Callable<T> probe, Predicate<? super T> done,
                              Function<? super T, String> failure) {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            return await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(every).pollInSameThread()
                    .until(() -> {
                        T answer = probe.call();
                        last.set(answer);
                        return answer;
                    }, done::test);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(failure.apply(last.get()), e);
        }
    }
}
