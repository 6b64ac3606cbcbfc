package io.sightline.dataset.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.kit.testing.EndpointAudit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the service's main classes says who may call it: {@code @RolesAllowed}, {@code @PermitAll} or
 * {@code @DenyAll} on the method or its class (the service denies one that does not, decision 085).
 */
class EndpointAnnotationScanTest {

    @Test
    void everyEndpointMethodIsAnnotated() throws Exception {
        List<Class<?>> resources = EndpointAudit.resources(DatasetResource.class);
        assertThat(resources).as("the scan finds the resources").contains(DatasetResource.class,
                AdminGcResource.class);
        assertThat(EndpointAudit.unannotated(resources)).isEmpty();
    }
}
