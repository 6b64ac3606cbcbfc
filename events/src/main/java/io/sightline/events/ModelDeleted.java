package io.sightline.events;

import java.time.Instant;

/**
 * A model version, or a whole model, was deleted. On the compacted {@link Topics#MODELS} topic this record may be the
 * only one left for its model: a consumer reads the champion from the store rather than trusting {@code champion}
 * alone.
 *
 * @param id        unique per event
 * @param model     model name (the record key)
 * @param version   the deleted version; null when the whole model went
 * @param champion  the version serving after the delete; null when none does
 * @param deletedAt when
 * @param by        who asked (the caller's name, or the retention policy)
 */
public record ModelDeleted(String id, String model, String version, String champion, Instant deletedAt, String by) {

    public static final String TYPE = EventTypes.MODEL_DELETED;
}
