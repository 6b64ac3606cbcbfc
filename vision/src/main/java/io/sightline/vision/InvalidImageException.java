package io.sightline.vision;

/** The bytes are not an image Sightline can read, or one too large to decode safely. */
public class InvalidImageException extends Exception {

    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
