/**
 * When this instance may take traffic: {@link io.sightline.inference.readiness.TopicCatchUp} tracks whether
 * the registry topic has been read to where it ended at assignment, and
 * {@link io.sightline.inference.readiness.ServingReadiness} combines that with the registry's pending loads
 * (or the configured required models) into the readiness rule, which stays true once met.
 */
package io.sightline.inference.readiness;
