/**
 * The HTTP surface: {@code POST /predict/{model}}, {@code GET /models}, the Open Inference Protocol v2
 * under {@code /v2}, request limits, and the mapping of every failure to {@code {"error": "..."}} with
 * its status. Resources only map in, call the domain and map out.
 */
package io.sightline.inference.rest;
