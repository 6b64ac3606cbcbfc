/**
 * Quarkus Security for this service: a bearer-token {@code HttpAuthenticationMechanism}, the identity
 * provider that checks the one configured token, and the role names resources name in
 * {@code @RolesAllowed}.
 */
package io.sightline.inference.security;
