package io.sightline.dataset;

import io.sightline.dataset.payloads.PayloadSource;
import io.sightline.dataset.source.S3Source;

/**
 * The sources an import fetches before reading them as folders, other than uploads.
 *
 * @param s3       {@code s3://} sources, through configured connections
 * @param payloads {@code payloads:} sources, from the configured payloads topic
 */
public record RemoteSources(S3Source s3, PayloadSource payloads) {
}
