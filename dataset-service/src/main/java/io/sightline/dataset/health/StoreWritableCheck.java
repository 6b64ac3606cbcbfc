package io.sightline.dataset.health;

import io.sightline.storage.ArtifactStore;
import io.sightline.storage.BlobRef;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the store takes writes. Writes one fixed tiny blob through the store's normal path
 * (temp file, atomic rename): content addressing makes every probe after the first leave nothing new.
 */
@Readiness
@ApplicationScoped
public class StoreWritableCheck implements HealthCheck {

    private static final byte[] PROBE = "sightline dataset-service readiness probe\n".getBytes(StandardCharsets.UTF_8);

    private final ArtifactStore store;

    public StoreWritableCheck(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            BlobRef ref = store.putBlob(new ByteArrayInputStream(PROBE));
            return HealthCheckResponse.named("artifact-store").up()
                    .withData("uri", store.uri().toString()).withData("probe", ref.sha256()).build();
        } catch (IOException | RuntimeException e) {
            return HealthCheckResponse.named("artifact-store").down()
                    .withData("uri", store.uri().toString()).withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
