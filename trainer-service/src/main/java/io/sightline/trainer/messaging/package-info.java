/**
 * The Kafka side: {@link io.sightline.trainer.messaging.KafkaTrainingEvents} sends every event as a
 * CloudEvent (binary mode, JSON data), the consumers map incoming records to domain calls, and {@link
 * io.sightline.trainer.messaging.KafkaTopics} creates missing topics at start.
 */
package io.sightline.trainer.messaging;
