package io.sightline.dataset.importing;

/** What an import does with a file that is empty or does not decode as an image. */
public enum CorruptFilePolicy {
    /** Refuse the whole import, naming every corrupt file (the default: data problems surface early). */
    REJECT,
    /** Leave corrupt files out of the version and list them in its verification report. */
    EXCLUDE;

    /** Whether a corrupt file is a problem that rejects the import. */
    boolean rejects() {
        return this == REJECT;
    }
}
