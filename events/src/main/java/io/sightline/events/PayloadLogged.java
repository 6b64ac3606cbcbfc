package io.sightline.events;

import java.time.Instant;
import java.util.List;

/**
 * One sampled inference request and its answer, as the inference service logged it (payload logging, decision
 * 105). One record per image: an Open Inference request of N images gives N records.
 *
 * @param requestId      the caller's {@code X-Request-Id}, or one the service gave (and answered in that header);
 *                       {@code <id>-<i>} for the i-th image of a request of several
 * @param model          model name (the record key)
 * @param version        the version that answered
 * @param endpoint       {@code predict}, {@code v2} (Open Inference over HTTP) or {@code grpc}
 * @param requestedAt    when the request started
 * @param latencyMs      time to the answer, in milliseconds
 * @param answer         the top classes, best first
 * @param imageSha256    SHA-256 of the encoded image as received, hex
 * @param imageBytes     size of the encoded image, in bytes
 * @param imageMediaType media type told from the image's own bytes ({@code image/png}, ...)
 * @param imageBase64    the encoded image, base64; {@code null} unless images are included
 * @param imageOmitted   why {@code imageBase64} is null: {@code not-included} or {@code over-cap}; null when present
 * @param inputDatatype  for an Open Inference tensor input (not an image): its datatype ({@code FP32}, ...), and the
 *                       {@code image*} fields then describe the row's tensor bytes (little-endian, as sent in binary;
 *                       FP32 for JSON data) rather than an image; {@code null} for images and in older records
 * @param inputShape     the logged tensor's shape ({@code [1, C, H, W]}: one record per row); {@code null} for images
 */
public record PayloadLogged(
        String requestId,
        String model,
        String version,
        String endpoint,
        Instant requestedAt,
        double latencyMs,
        List<ClassScore> answer,
        String imageSha256,
        long imageBytes,
        String imageMediaType,
        String imageBase64,
        String imageOmitted,
        String inputDatatype,
        List<Long> inputShape) {

    public static final String TYPE = EventTypes.PAYLOAD_LOGGED;
    /** The media type of a record's bytes when they are a tensor row, not an image. */
    public static final String TENSOR_MEDIA_TYPE = "application/vnd.sightline.tensor";

    /** An image's record (no tensor fields), as before tensors were logged. */
    public PayloadLogged(String requestId, String model, String version, String endpoint, Instant requestedAt,
                         double latencyMs, List<ClassScore> answer, String imageSha256, long imageBytes,
                         String imageMediaType, String imageBase64, String imageOmitted) {
        this(requestId, model, version, endpoint, requestedAt, latencyMs, answer, imageSha256, imageBytes,
                imageMediaType, imageBase64, imageOmitted, null, null);
    }

    /** Why an image is not in the record: logging was not asked to include images. */
    public static final String OMITTED_NOT_INCLUDED = "not-included";
    /** Why an image is not in the record: it is larger than the configured cap. */
    public static final String OMITTED_OVER_CAP = "over-cap";

    /** One class of the answer and its probability. */
    public record ClassScore(String label, double probability) {
    }
}
