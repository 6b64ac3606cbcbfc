package io.sightline.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit names the endpoints that say nothing about their callers, and only those. */
class EndpointAuditTest {

    @Path("/said")
    @RolesAllowed("read")
    static class SaidOnTheClass {
        @GET
        public String get() {
            return "";
        }
    }

    @Path("/mixed")
    static class Mixed {
        @GET
        @PermitAll
        public String open() {
            return "";
        }

        @POST
        public String forgotten() {
            return "";
        }

        public String notAnEndpoint() {
            return "";
        }
    }

    @Test
    void onlyTheEndpointWithoutAnyAnnotationIsNamed() {
        assertThat(EndpointAudit.unannotated(List.of(SaidOnTheClass.class, Mixed.class)))
                .containsExactly("Mixed.forgotten");
    }
}
