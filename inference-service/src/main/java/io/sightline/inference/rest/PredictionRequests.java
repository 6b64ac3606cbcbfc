package io.sightline.inference.rest;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.regex.Pattern;

/**
 * Tells prediction requests ({@code POST /predict/{model}} and the Open Inference infer endpoints) from
 * the rest: only their refusals count as request errors. A 404 of a registry lookup such as
 * {@code GET /models/{model}}, or a 401 at {@code /admin}, is no failed prediction and would otherwise
 * raise the error ratio and the alerts built on it ({@code http_server_requests_seconds} still has every
 * route's status).
 *
 * <p>Told by method and path rather than by the matched resource method, because some refusals come
 * before a method is matched: a declared body over the limit (a pre-matching filter) and an unsupported
 * {@code Content-Type}.
 */
final class PredictionRequests {

    /** The paths of {@link PredictResource} and of {@link OpenInferenceResource}'s two infer methods. */
    private static final Pattern PATHS =
            Pattern.compile("/predict/[^/]+/?|/v2/models/[^/]+(/versions/[^/]+)?/infer/?");

    private PredictionRequests() {
    }

    static boolean isPrediction(ContainerRequestContext request) {
        return isPrediction(request.getMethod(), request.getUriInfo().getPath());
    }

    /** {@code path} as JAX-RS gives it: decoded, from the application root, with a leading slash. */
    static boolean isPrediction(String method, String path) {
        return HttpMethod.POST.equals(method) && PATHS.matcher(path).matches();
    }
}
