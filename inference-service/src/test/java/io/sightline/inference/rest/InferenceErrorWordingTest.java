package io.sightline.inference.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import org.junit.jupiter.api.Test;

/** The sentences the kit's shared mappers answer with on this service's behalf. */
class InferenceErrorWordingTest {

    final InferenceErrorWording wording = new InferenceErrorWording();

    @Test
    void anUnsupportedContentTypeSaysWhatToSendAndOtherRefusalsKeepTheirMessage() {
        assertThat(wording.refused(new NotSupportedException())).contains("image/png").contains("'file' part");
        assertThat(wording.refused(new NotFoundException("no such path"))).isEqualTo("no such path");
    }

    @Test
    void aMissingTokenIsAskedFor() {
        assertThat(wording.tokenNeeded()).isEqualTo(
                "this endpoint needs a bearer token (Authorization: Bearer <token>)");
    }
}
