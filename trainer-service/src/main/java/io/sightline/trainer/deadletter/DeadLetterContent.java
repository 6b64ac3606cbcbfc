package io.sightline.trainer.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Turns a dead-letter record into what the API shows: bounded text, base64 prefixes for the rest. */
final class DeadLetterContent {

    /** Text longer than this is not shown whole: a list of dead letters stays a bounded answer. */
    static final int MAX_TEXT_BYTES = 64 * 1024;
    /** The bytes shown, as base64, of a payload that is not shown as text. */
    static final int BASE64_PREFIX_BYTES = 1024;
    /** The header a replay adds: the replay's id. */
    static final String REPLAY_ID = "sightline-replay-id";
    /** The header a replay adds: where the record was replayed from, {@code <topic>/<partition>/<offset>}. */
    static final String REPLAYED_FROM = "sightline-replayed-from";
    static final String DEAD_LETTER_PREFIX = "dead-letter-";
    static final String DEAD_LETTER_TOPIC = "dead-letter-topic";

    private DeadLetterContent() {
    }

    static DeadLetterRecord of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> deadLetter = new LinkedHashMap<>();
        Map<String, String> cloudEvent = new LinkedHashMap<>();
        List<String> replays = new ArrayList<>();
        for (Header header : record.headers()) {
            String name = header.key();
            if (name.startsWith(DEAD_LETTER_PREFIX)) {
                deadLetter.put(name, headerText(header));
            } else if (isCloudEvent(name)) {
                cloudEvent.put(name, headerText(header));
            } else if (name.equals(REPLAY_ID)) {
                replays.add(headerText(header));
            }
        }
        Instant timestamp = record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp());
        return new DeadLetterRecord(record.topic(), record.partition(), record.offset(), timestamp,
                record.key() == null ? null : content(record.key()), deadLetter, cloudEvent,
                content(record.value() == null ? new byte[0] : record.value()), replays.isEmpty() ? null : replays);
    }

    /** The headers a replay carries over: all but the dead-letter ones and earlier replays' marks. */
    static boolean carriedOver(String header) {
        return !header.startsWith(DEAD_LETTER_PREFIX) && !header.equals(REPLAYED_FROM);
    }

    static boolean isCloudEvent(String header) {
        return header.startsWith("ce_") || header.equals("content-type");
    }

    static String headerText(Header header) {
        if (header.value() == null) {
            return null;
        }
        String text = utf8(header.value());
        if (text == null || header.value().length > MAX_TEXT_BYTES) {
            return "base64:" + Base64.getEncoder().encodeToString(Arrays.copyOf(header.value(),
                    Math.min(header.value().length, BASE64_PREFIX_BYTES)));
        }
        return text;
    }

    static DeadLetterRecord.Content content(byte[] bytes) {
        String text = bytes.length <= MAX_TEXT_BYTES ? utf8(bytes) : null;
        if (text != null) {
            return new DeadLetterRecord.Content(bytes.length, text, null);
        }
        return new DeadLetterRecord.Content(bytes.length, null,
                Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, Math.min(bytes.length, BASE64_PREFIX_BYTES))));
    }

    /** The bytes as text, or null when they are not valid UTF-8 (a lenient decoder would hide that). */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
