package io.sightline.inference;

/** A request asks for something impossible: a top-k below 1, a tensor of the wrong shape. */
public final class InvalidInputException extends Exception {

    public InvalidInputException(String message) {
        super(message);
    }
}
