/** SmallRye Health checks backed by the domain's readiness rule. */
package io.sightline.inference.health;
