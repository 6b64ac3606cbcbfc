package io.sightline.dataset.payloads;

import java.time.Duration;

/**
 * How payloads sources are read.
 *
 * @param enabled        whether {@code payloads:} sources are accepted at all
 * @param topic          the topic read; configured, never taken from a request
 * @param maxLabelsBytes largest labels file
 * @param maxRecords     most records scanned in one import
 * @param maxRecordBytes largest record fetched
 * @param readTimeout    longest one import may read the topic
 */
public record PayloadImportSettings(boolean enabled, String topic, long maxLabelsBytes, long maxRecords,
                                    int maxRecordBytes, Duration readTimeout) {
}
