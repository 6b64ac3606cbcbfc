package io.sightline.dataset;

import java.util.List;

/**
 * What a delete did (the answer of {@code DELETE /datasets/{d}[/versions/{v}]}).
 *
 * @param version    the version asked for; null when the whole dataset was
 * @param tombstone  whether metadata was kept (for a whole dataset: of at least one version)
 * @param bytesFreed bytes of folders removed now (blobs are reclaimed by the store collection)
 * @param removed    versions removed, including same-content requests that pointed at them
 * @param tombstoned versions kept as tombstones
 */
public record DeleteResult(String dataset, String version, boolean tombstone, long bytesFreed, List<String> removed,
                           List<String> tombstoned) {
}
