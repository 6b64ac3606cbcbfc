/**
 * The contract between Sightline's services: one record per event type, the topics they travel on
 * and their CloudEvent type names. Payloads only ever gain fields; every payload carries the id its
 * consumer uses to stay idempotent.
 */
package io.sightline.events;
