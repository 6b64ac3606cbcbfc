/**
 * Kafka adapter: sends the domain's outcomes to {@code sightline.datasets} as CloudEvents (binary mode),
 * keyed by dataset name.
 */
package io.sightline.dataset.messaging;
