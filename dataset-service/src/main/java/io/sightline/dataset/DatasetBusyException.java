package io.sightline.dataset;

/** A change refused while an import of the dataset is running (409, mapped in .rest). */
public class DatasetBusyException extends RuntimeException {

    public DatasetBusyException(String message) {
        super(message);
    }
}
