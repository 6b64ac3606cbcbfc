package io.sightline.trainer.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One record of a dead-letter topic as the API shows it.
 *
 * @param deadLetter the headers SmallRye adds when it dead-letters ({@code dead-letter-reason}, {@code -cause},
 *                   {@code -topic}, {@code -partition}, {@code -offset}, the exception classes)
 * @param cloudEvent the record's CloudEvent headers ({@code ce_*}) and its {@code content-type}
 * @param replays    the replays the record went through before ({@code sightline-replay-id} headers), if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetterRecord(String topic, int partition, long offset, Instant timestamp, Content key,
                               Map<String, String> deadLetter, Map<String, String> cloudEvent, Content payload,
                               List<String> replays) {

    /**
     * Bytes shown as text when they are UTF-8 and short enough, else by their size and a base64 prefix.
     *
     * @param size         the bytes' length
     * @param text         the bytes as text, when shown as text
     * @param base64Prefix base64 of the first bytes, when not shown as text
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Content(int size, String text, String base64Prefix) {
    }
}
