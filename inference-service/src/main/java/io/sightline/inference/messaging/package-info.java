/**
 * Kafka adapters: the registry consumer of {@code sightline.models} (every instance reads the whole
 * compacted topic from the beginning) and the rebalance listener that tells the domain where the topic
 * ended at start.
 */
package io.sightline.inference.messaging;
