/**
 * Canary and shadow of a model: its traffic state in the store ({@code models/<name>/traffic.json}) and announced on
 * {@code sightline.models} under the key {@code <name>/traffic} (decision 103).
 */
package io.sightline.trainer.traffic;
