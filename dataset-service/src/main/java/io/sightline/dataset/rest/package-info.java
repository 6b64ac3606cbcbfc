/**
 * HTTP surface: {@code /datasets}. Resources map JSON to domain calls and back; errors leave as
 * {@code {"error": "..."}} with 400 for bad input, 404 for anything unknown, 409 for a tree that does not
 * match its manifest and 413 for an upload over the limit. The service kit maps a missing token (401), an
 * unreadable JSON body and JAX-RS' own refusals, in this service's wording ({@code DatasetErrorWording}).
 */
package io.sightline.dataset.rest;
