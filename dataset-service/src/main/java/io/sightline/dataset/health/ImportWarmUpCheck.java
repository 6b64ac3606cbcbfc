package io.sightline.dataset.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServer;
import io.sightline.dataset.DatasetService;
import io.sightline.dataset.ImportWarmUp;
import io.sightline.dataset.config.DatasetConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

    private static final int WARM_REQUEST_PAIRS = 3;

    private volatile String state = "pending";
    private volatile ImportWarmUp.Result result;

    void start(@Observes StartupEvent event, DatasetService service, DatasetConfig config, Instance<HttpServer> http,
               MeterRegistry meters) {
        DatasetConfig.WarmUp warmUp = config.warmUp();
        if (warmUp.files() <= 0 || warmUp.rounds() <= 0) {
            state = "off";
            return;
        }
        state = "running";
        Thread thread = new Thread(() -> {
            try {
                result = service.warmUp(warmUp.files(), warmUp.rounds(), warmUp.budget().toMillis(),
                        () -> {
                            long before = recordedRequests(meters);
                            forgetWarmRequests(meters, before + warmRequests(http));
                        });
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

    /**
     * The REST path's first use (routing, JSON binding, validation, error mapping) cost the first import request
     * ~0.2 s: requests that change nothing take it during the warm-up — a listing and an import request refused for
     * its name (401 instead when the service wants a token: that warms less and harms nothing). After the first
     * round, so that the classes they load cannot invalidate code compiled for the import path later. A server that
     * cannot be reached this way (TLS only, another interface) is not warmed.
     */
    private static int warmRequests(Instance<HttpServer> http) {
        int answered = 0;
        try {
            if (!http.isResolvable() || http.get().getPort() <= 0) {
                return answered;
            }
            URI base = URI.create("http://localhost:" + http.get().getPort());
            for (int i = 0; i < WARM_REQUEST_PAIRS; i++) {
                request(base, "GET", null);
                answered++;
                request(base, "POST", "{\"name\":\"-warm-up-\",\"source\":\"file:/\"}");
                answered++;
            }
        } catch (IOException | RuntimeException e) { // only a warm-up: the first real request pays what is left
            LOG.debugf("warm-up requests skipped: %s", e);
        }
        return answered;
    }

    /**
     * The warm-up's requests are not traffic: the request metrics of {@code /datasets} start from them at zero. The
     * server records a request's timer when its response has ended, which can be after the client read the answer:
     * wait (briefly) until all of them are recorded, so that none is counted after the meters were removed.
     */
    private static void forgetWarmRequests(MeterRegistry meters, long recorded) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        try {
            while (recordedRequests(meters) < recorded && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        meters.find("http.server.requests").tag("uri", "/datasets").meters().forEach(meters::remove);
    }

    private static long recordedRequests(MeterRegistry meters) {
        return meters.find("http.server.requests").timers().stream().mapToLong(Timer::count).sum();
    }

    private static void request(URI base, String method, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) base.resolve("/datasets").toURL().openConnection();
        connection.setConnectTimeout(2_000);
        connection.setReadTimeout(5_000);
        connection.setRequestMethod(method);
        connection.setRequestProperty("User-Agent", "sightline-warm-up");
        if (json != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream body = connection.getOutputStream()) {
                body.write(json.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        try (InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (answer != null) {
                answer.readAllBytes();
            }
        } finally {
            connection.disconnect();
        }
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
