/**
 * Error answers shared by the services: the one body type ({@code {"error": "..."}}), its builders
 * ({@link io.sightline.kit.rest.ErrorAnswers}), and the mappers of the exceptions every service answers
 * alike ({@link io.sightline.kit.rest.SharedErrorMappers}): a missing token, an unreadable JSON body,
 * JAX-RS' own refusals. A service supplies its sentences ({@link io.sightline.kit.rest.ErrorWording}),
 * may count refusals ({@link io.sightline.kit.rest.RefusedRequests}), and maps its own exceptions itself.
 */
package io.sightline.kit.rest;
