/** The outbox: events that follow a store change are kept in the store until the broker has them. */
package io.sightline.kit.outbox;
