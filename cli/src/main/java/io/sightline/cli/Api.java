package io.sightline.cli;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** The three services' clients, sharing one HTTP client. */
final class Api {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Map<Service, ServiceClient> clients = new EnumMap<>(Service.class);

    Api(CliConfig config) {
        // HTTP/1.1: no h2c upgrade dance on plain http (it would hold a streamed upload back)
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).build();
        for (Service service : Service.values()) {
            clients.put(service, new ServiceClient(service, config.url(service), config.token(),
                    config.origins().getOrDefault(CliConfig.TOKEN_PROPERTY, "none"), http));
        }
    }

    ServiceClient dataset() {
        return clients.get(Service.DATASET);
    }

    ServiceClient trainer() {
        return clients.get(Service.TRAINER);
    }

    ServiceClient inference() {
        return clients.get(Service.INFERENCE);
    }

    ServiceClient of(Service service) {
        return clients.get(service);
    }
}
