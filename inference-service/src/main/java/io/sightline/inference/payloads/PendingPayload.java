package io.sightline.inference.payloads;

import io.sightline.events.PayloadLogged;
import io.sightline.storage.Sha256;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * What a request leaves in the queue: its answer and a reference to its image (or tensor row), not yet hashed or
 * encoded; that work is the sender thread's, not the request's.
 *
 * @param image    the encoded image, or a tensor row's bytes when {@code datatype} is set
 * @param datatype the tensor's datatype, {@code null} for an image
 * @param shape    the tensor's shape, {@code null} for an image
 */
record PendingPayload(String requestId, String model, String version, String endpoint, Instant requestedAt,
                      double latencyMs, List<PayloadLogged.ClassScore> answer, byte[] image, String datatype,
                      List<Long> shape) {

    PendingPayload(String requestId, String model, String version, String endpoint, Instant requestedAt,
                   double latencyMs, List<PayloadLogged.ClassScore> answer, byte[] image) {
        this(requestId, model, version, endpoint, requestedAt, latencyMs, answer, image, null, null);
    }

    /** The record as sent: digest, size and media type always, the bytes themselves when included and under the cap. */
    PayloadLogged toRecord(boolean includeImages, int maxImageBytes) {
        String included = includeImages && image.length <= maxImageBytes
                ? Base64.getEncoder().encodeToString(image) : null;
        String omitted = included != null ? null
                : includeImages ? PayloadLogged.OMITTED_OVER_CAP : PayloadLogged.OMITTED_NOT_INCLUDED;
        String mediaType = datatype != null ? PayloadLogged.TENSOR_MEDIA_TYPE : ImageMediaTypes.of(image);
        return new PayloadLogged(requestId, model, version, endpoint, requestedAt, latencyMs, answer,
                Sha256.of(image), image.length, mediaType, included, omitted, datatype, shape);
    }
}
