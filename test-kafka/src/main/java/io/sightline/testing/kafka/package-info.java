/**
 * A real single-node Kafka broker for tests, without Docker: {@link io.sightline.testing.kafka.KafkaBroker}
 * runs {@code bin/kafka} in its own process, {@link io.sightline.testing.kafka.KafkaBrokerResource}
 * points a {@code @QuarkusTest} at it.
 */
package io.sightline.testing.kafka;
