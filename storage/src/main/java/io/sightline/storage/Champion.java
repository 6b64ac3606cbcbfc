package io.sightline.storage;

import java.time.Instant;

/**
 * {@code models/<model>/champion.json} ({@link StoreKeys#champion}): the version of a model that is served. The
 * trainer writes it before it announces a promotion, so serving can fall back on it when the event is unusable.
 *
 * @param model        model name
 * @param version      champion version
 * @param testAccuracy its test accuracy
 * @param jobId        job that trained it
 * @param eventId      id of the {@code ModelPromoted} event that announced it
 * @param reason       why it became champion, for people
 * @param promotedAt   when
 */
public record Champion(String model, String version, double testAccuracy, String jobId, String eventId,
                       String reason, Instant promotedAt) {
}
