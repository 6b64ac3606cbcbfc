package io.sightline.inference.registry;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request's hold on a {@link ServedModel}: while open, the version stays loaded even if a newer one
 * was swapped in meanwhile. Use in try-with-resources; closing twice is harmless.
 */
public final class ModelLease implements AutoCloseable {

    private final ServedModel model;
    private final AtomicBoolean open = new AtomicBoolean(true);

    ModelLease(ServedModel model) {
        this.model = model;
    }

    public ServedModel model() {
        return model;
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) {
            model.release();
        }
    }
}
