/**
 * Quarkus Security shared by every Sightline service: a bearer-token {@code HttpAuthenticationMechanism},
 * the identity provider that checks the one configured token ({@code sightline.auth.token}), and the role
 * names resources put in {@code @RolesAllowed}. Without a token, writes and prediction are open and
 * admin endpoints are refused.
 */
package io.sightline.auth;
