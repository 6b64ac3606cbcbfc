/**
 * Canary and shadow: a model's requests split between its champion and a canary version by a share, sticky per
 * caller key; a share mirrored to a shadow version off the request path; per-version metrics; the split read from
 * {@code model.traffic.changed} records on {@code sightline.models} (decision 103).
 */
package io.sightline.inference.routing;
