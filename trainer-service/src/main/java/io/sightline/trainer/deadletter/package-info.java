/**
 * The dead-letter topics this service's consumers write to ({@code <topic>.dlq}, decision 097): their records
 * read back with plain Kafka clients (assigned partitions, no consumer group, nothing committed) and replayed to the
 * topic they came from. Only topics named by this service's own channel configuration are ever read or written.
 */
package io.sightline.trainer.deadletter;
