package io.sightline.kit.store;

import io.sightline.storage.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.jboss.logging.Logger;

/** Opens the one artefact store of a service, as {@link StoreConfig} names it. */
@ApplicationScoped
public class StoreProducer {

    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    @Produces
    @Singleton
    ArtifactStore store(StoreConfig config) throws IOException {
        return open(config);
    }

    /** The store, with its resolved URI logged: a wrong store is the first thing to rule out. */
    static ArtifactStore open(StoreConfig config) throws IOException {
        ArtifactStore store = ArtifactStore.connect(config.uri());
        LOG.infof("artefact store: %s", store.uri());
        return store;
    }
}
