package io.sightline.dataset.health;

import io.quarkus.runtime.StartupEvent;
import io.sightline.dataset.DatasetService;
import io.sightline.dataset.ImportWarmUp;
import io.sightline.dataset.config.DatasetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Not ready while the import warm-up runs ({@link ImportWarmUp}, decision 113): a first import that arrived
 * meanwhile would share the two cores with it and pay the JIT's warm-up anyway. A warm-up that fails is logged and
 * the service is ready: it is an optimisation, never a reason to refuse work.
 */
@Readiness
@ApplicationScoped
public class ImportWarmUpCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ImportWarmUpCheck.class);

    private volatile String state = "pending";
    private volatile ImportWarmUp.Result result;

    void start(@Observes StartupEvent event, DatasetService service, DatasetConfig config) {
        DatasetConfig.WarmUp warmUp = config.warmUp();
        if (warmUp.files() <= 0 || warmUp.rounds() <= 0) {
            state = "off";
            return;
        }
        state = "running";
        Thread thread = new Thread(() -> {
            try {
                result = service.warmUp(warmUp.files(), warmUp.rounds(), warmUp.budget().toMillis());
                LOG.infof("import warm-up: %d imports of %d generated images in %d ms", result.rounds(),
                        result.files(), result.millis());
                state = "done";
            } catch (Exception | LinkageError e) { // a headless JVM without image encoders, a full disk
                LOG.warnf("import warm-up failed, ready without it (the first import runs colder): %s", e);
                state = "failed";
            }
        }, "import-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public HealthCheckResponse call() {
        boolean warming = "pending".equals(state) || "running".equals(state);
        var response = HealthCheckResponse.named("import-warm-up").status(!warming).withData("state", state);
        ImportWarmUp.Result done = result;
        if (done != null) {
            response.withData("imports", done.rounds()).withData("millis", done.millis());
        }
        return response.build();
    }
}
