/**
 * The plain manifests in {@code k8s/}: the chart rendered with default values through the real Helm library,
 * and the command that regenerates them.
 */
package io.sightline.helm;
