/**
 * Payload logging (decision 105): a sampled share of requests and their answers, with the image's digest (and the
 * image itself when asked), sent as CloudEvents to {@code sightline.inference.payloads}. Off by default. A request
 * only offers its payload to a bounded queue: hashing, encoding and sending happen on one sender thread, and a
 * full queue drops the record and counts it, so logging never slows or fails a request.
 */
package io.sightline.inference.payloads;
