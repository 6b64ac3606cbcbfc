package io.sightline.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An open service (no identity) starts only on loopback, or when told it is a sandbox. */
class OpenListenerGuardTest {

    private static final CallerRules OPEN = CallerRules.of(AuthSettings.builder().build());
    private static final CallerRules WITH_TOKEN = CallerRules.of(AuthSettings.builder().token("t0k3n").build());

    @Test
    void anOpenServiceOnEveryInterfaceDoesNotStart() {
        assertThatThrownBy(() -> new OpenListenerGuard(OPEN, "0.0.0.0", false).check())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("sightline.auth.insecure=true")
                .hasMessageContaining("quarkus.http.host=0.0.0.0");
        assertThatThrownBy(() -> new OpenListenerGuard(OPEN, "10.1.2.3", false).check())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new OpenListenerGuard(OPEN, "loopback.example", false).check())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void loopbackAnIdentityOrAnExplicitSandboxStart() {
        for (String host : new String[] {"127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"}) {
            assertThatCode(() -> new OpenListenerGuard(OPEN, host, false).check()).as(host).doesNotThrowAnyException();
        }
        assertThatCode(() -> new OpenListenerGuard(WITH_TOKEN, "0.0.0.0", false).check()).doesNotThrowAnyException();
        assertThatCode(() -> new OpenListenerGuard(OPEN, "0.0.0.0", true).check()).doesNotThrowAnyException();
        assertThat(OpenListenerGuard.loopback("0.0.0.0")).isFalse();
    }
}
