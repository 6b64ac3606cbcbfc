package io.sightline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = RenderedChart.helm().lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).as("only informational messages")
                .allSatisfy(message -> assertThat(message).startsWith("[INFO]"));
    }
}
