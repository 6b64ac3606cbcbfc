/**
 * Quarkus Security shared by every Sightline service (decisions 008 and 085): a bearer {@code
 * HttpAuthenticationMechanism}, the identity provider that checks a token as an identity provider's JWT, a named
 * hashed token or the single {@code sightline.auth.token}, the role names resources put in {@code @RolesAllowed}
 * (read, predict, write, admin), the 401/403 answers that say why, and the {@code /q/metrics} policy. Without any
 * identity configured, writes and prediction are open and admin endpoints are refused; reads are open unless
 * {@code sightline.auth.protect-reads}.
 */
package io.sightline.auth;
