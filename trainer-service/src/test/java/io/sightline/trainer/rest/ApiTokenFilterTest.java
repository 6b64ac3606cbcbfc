package io.sightline.trainer.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiTokenFilterTest {

    @Test
    void withATokenWritesNeedItAndReadsDoNot() {
        ApiTokenFilter filter = new ApiTokenFilter(Optional.of("s3cret"));

        assertThat(filter.permits("POST", "Bearer s3cret")).isTrue();
        assertThat(filter.permits("POST", null)).isFalse();
        assertThat(filter.permits("POST", "Bearer s3cre")).isFalse();
        assertThat(filter.permits("POST", "s3cret")).isFalse();
        assertThat(filter.permits("DELETE", "Bearer wrong")).isFalse();
        assertThat(filter.permits("GET", null)).isTrue();
    }

    @Test
    void withoutATokenEverythingIsOpen() {
        assertThat(new ApiTokenFilter(Optional.empty()).permits("POST", null)).isTrue();
        assertThat(new ApiTokenFilter(Optional.of(" ")).permits("POST", null)).isTrue();
    }
}
