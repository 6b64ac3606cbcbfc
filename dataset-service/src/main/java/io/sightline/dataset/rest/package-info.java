/**
 * HTTP surface: {@code /datasets}. Resources map JSON to domain calls and back; errors leave as
 * {@code {"error": "..."}} with 400 for bad input and 404 for anything unknown.
 */
package io.sightline.dataset.rest;
