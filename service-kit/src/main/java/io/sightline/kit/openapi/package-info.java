/**
 * Constants for the services' MicroProfile OpenAPI annotations: the bearer security scheme's name and
 * description, and the descriptions of the error responses every service words alike.
 */
package io.sightline.kit.openapi;
