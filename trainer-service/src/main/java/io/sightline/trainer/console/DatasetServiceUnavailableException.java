package io.sightline.trainer.console;

/**
 * The dataset-service did not give a usable answer (5xx, no connection, no answer in time). The message names
 * the configured URL only: whatever the other side sent stays in the log.
 */
public class DatasetServiceUnavailableException extends RuntimeException {

    DatasetServiceUnavailableException(String baseUrl) {
        super("the dataset-service at " + baseUrl + " is not answering");
    }
}
