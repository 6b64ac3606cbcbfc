package io.sightline.e2e.fault;

import io.sightline.e2e.LocalStack;
import io.sightline.e2e.LocalStack.Service;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Polls {@code /q/health/ready} of every service every 250 ms on a thread of its own and keeps the
 * transitions: what readiness reported while a fault lasted, and when it recovered.
 */
final class HealthWatch implements AutoCloseable {

    /** A change of readiness: when (ms since the watch started) and to what (HTTP status, -1 = no answer). */
    record Transition(long atMs, int status, String body) {
    }

    private final LocalStack stack;
    private final long start = System.nanoTime();
    private final Map<Service, List<Transition>> transitions = new EnumMap<>(Service.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread thread;
    private volatile boolean running = true;

    HealthWatch(LocalStack stack) {
        this.stack = stack;
        for (Service service : Service.values()) {
            transitions.put(service, new ArrayList<>());
        }
        thread = new Thread(this::loop, "health-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Milliseconds since the watch started, on the same clock as the transitions. */
    long now() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    synchronized List<Transition> transitions(Service service) {
        return List.copyOf(transitions.get(service));
    }

    /** Whether the service answered anything but 200 at some point between the two times. */
    synchronized boolean wasDownBetween(Service service, long fromMs, long toMs) {
        List<Transition> list = transitions.get(service);
        for (int i = 0; i < list.size(); i++) {
            Transition t = list.get(i);
            long until = i + 1 < list.size() ? list.get(i + 1).atMs() : Long.MAX_VALUE;
            if (t.status() != 200 && t.atMs() <= toMs && until >= fromMs) {
                return true;
            }
        }
        return false;
    }

    /** One line per service: {@code +0.0s 200, +1.3s 503, +9.8s 200}. */
    synchronized String summary() {
        StringBuilder out = new StringBuilder();
        transitions.forEach((service, list) -> {
            out.append(service.module()).append(':');
            for (Transition t : list) {
                out.append(String.format(" +%.1fs %d", t.atMs() / 1000.0, t.status()));
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** The body of the first non-200 answer of a service, if any (what the health check said was wrong). */
    synchronized String firstDownBody(Service service) {
        return transitions.get(service).stream().filter(t -> t.status() != 200).map(Transition::body).findFirst()
                .orElse("");
    }

    private void loop() {
        while (running) {
            for (Service service : Service.values()) {
                int status;
                String body;
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    stack.url(service).resolve("/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    status = response.statusCode();
                    body = response.body().replaceAll("\\s+", " ");
                } catch (Exception e) {
                    status = -1;
                    body = e.toString();
                }
                record(service, status, body);
            }
            try {
                Thread.sleep(250); // the sampling period of the watch, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void record(Service service, int status, String body) {
        List<Transition> list = transitions.get(service);
        if (list.isEmpty() || list.get(list.size() - 1).status() != status) {
            list.add(new Transition(now(), status, body));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
