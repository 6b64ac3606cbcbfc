package io.sightline.inference.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteKeysTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 10, 25, 50, 90})
    void theShareOfKeysOnTheCanarySideIsThePercentWithinHalfAPoint(int percent) {
        int keys = 100_000;
        int canary = 0;
        for (int i = 0; i < keys; i++) {
            // sequential ids: the keys callers most often send, and the worst case for a weak hash
            if (RouteKeys.within(RouteKeys.bucket("pets", "user-" + i), percent)) {
                canary++;
            }
        }
        assertThat(100.0 * canary / keys).isCloseTo(percent, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void withoutAKeyTheShareHoldsToo() {
        int requests = 100_000;
        int canary = 0;
        for (int i = 0; i < requests; i++) {
            if (RouteKeys.within(RouteKeys.bucket("pets", null), 20)) {
                canary++;
            }
        }
        assertThat(100.0 * canary / requests).isCloseTo(20, org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void oneCallerAlwaysLandsOnTheSameSide() {
        for (int i = 0; i < 1_000; i++) {
            int first = RouteKeys.bucket("pets", "caller-" + i);
            for (int again = 0; again < 5; again++) {
                assertThat(RouteKeys.bucket("pets", "caller-" + i)).isEqualTo(first);
            }
        }
    }

    @Test
    void raisingThePercentOnlyMovesCallersToTheCanary() {
        for (int i = 0; i < 10_000; i++) {
            int bucket = RouteKeys.bucket("pets", "caller-" + i);
            if (RouteKeys.within(bucket, 10)) {
                assertThat(RouteKeys.within(bucket, 30)).isTrue();
            }
        }
    }

    @Test
    void aCallerOnTheCanarySideOfOneModelIsNotThereForEveryModel() {
        int both = 0;
        int first = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean pets = RouteKeys.within(RouteKeys.bucket("pets", "caller-" + i), 50);
            boolean signs = RouteKeys.within(RouteKeys.bucket("signs", "caller-" + i), 50);
            first += pets ? 1 : 0;
            both += pets && signs ? 1 : 0;
        }
        assertThat(100.0 * both / first).isCloseTo(50, org.assertj.core.data.Offset.offset(2.0));
    }
}
