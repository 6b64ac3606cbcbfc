package io.sightline.inference;

/** A model's request queue is full: the request is refused at once rather than queued without bound. */
public final class ServerBusyException extends Exception {

    private final String model;

    public ServerBusyException(String model, String message) {
        super(message);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
