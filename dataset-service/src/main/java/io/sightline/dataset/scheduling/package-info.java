/**
 * What runs on a clock: {@link io.sightline.dataset.scheduling.GcSchedule}, the periodic garbage collection
 * (retention, then the store's blob collection).
 */
package io.sightline.dataset.scheduling;
