package io.sightline.inference.health;

import io.sightline.inference.readiness.ServingReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /q/health/ready}: up once the model registry is read and every promoted model is dealt with. */
@Readiness
@ApplicationScoped
public class RegistryReadinessCheck implements HealthCheck {

    private final ServingReadiness readiness;

    public RegistryReadinessCheck(ServingReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public HealthCheckResponse call() {
        ServingReadiness.Report report = readiness.check();
        return HealthCheckResponse.named("model-registry")
                .status(report.ready())
                .withData("caughtUp", report.caughtUp())
                .withData("recordsBehind", report.recordsBehind())
                .withData("loading", String.join(",", report.loading()))
                .build();
    }
}
