package io.sightline.dataset.source;

import java.util.List;

/** A request that can never succeed as given; the message says what to change. */
public class InvalidImportException extends RuntimeException {

    private final List<String> problems;

    public InvalidImportException(String message) {
        this(message, List.of(message));
    }

    /** @param problems each problem found, for the rejected version's {@code problems} */
    public InvalidImportException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** Each problem found; the message alone when there is one. */
    public List<String> problems() {
        return problems;
    }
}
