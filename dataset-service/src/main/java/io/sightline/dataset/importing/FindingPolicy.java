package io.sightline.dataset.importing;

/** What a finding that may be legitimate (a label conflict, a near-duplicate across sides) does to an import. */
public enum FindingPolicy {
    /** Report it in the verification report and publish anyway. */
    WARN,
    /** Report it and refuse the import. */
    REJECT;

    boolean rejects() {
        return this == REJECT;
    }
}
