package io.sightline.inference.serving;

import io.sightline.inference.ModelNotLoadedException;
import io.sightline.inference.UnknownModelException;
import io.sightline.inference.registry.ModelRegistry;
import io.sightline.inference.registry.ServedModel;
import java.util.List;

/**
 * Which loaded version answers a request, and who hears how it went. The default leases the champion alone;
 * {@code io.sightline.inference.routing} splits a model's requests between its champion and a canary.
 */
public interface Routing {

    /** Leases the version that answers this request; the caller closes it. */
    RoutedLease acquire(String model) throws UnknownModelException, ModelNotLoadedException;

    /**
     * Leases the named version when it serves here in any role (a request naming a version is never split), else
     * as {@link #acquire(String)}; {@code null} version: as {@link #acquire(String)}.
     */
    default RoutedLease acquire(String model, String version) throws UnknownModelException, ModelNotLoadedException {
        return acquire(model);
    }

    /** Hears the outcome of requests; both methods run on the request's thread and must return at once. */
    interface Outcomes {

        /** @param inputs the preprocessed rows, by the answering version's signature; read only */
        void answered(ServedModel served, List<float[]> inputs, float[][] probabilities, long nanos);

        void failed(ServedModel served);
    }

    Outcomes SILENT = new Outcomes() {
        @Override
        public void answered(ServedModel served, List<float[]> inputs, float[][] probabilities, long nanos) {
        }

        @Override
        public void failed(ServedModel served) {
        }
    };

    /** Every request to the registry's champion; outcomes are not heard. */
    static Routing championOnly(ModelRegistry registry) {
        return model -> new RoutedLease(registry.acquire(model), SILENT);
    }
}
