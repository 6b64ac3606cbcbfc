package io.sightline.inference.oip;

/**
 * An output a request asks for.
 *
 * @param name           the output's name
 * @param classification with the classification extension, how many top classes to answer per row as BYTES
 *                       {@code "value:index:label"}; 0 for the plain tensor
 * @param binary         whether to answer it as binary data; {@code null}: as the request says overall
 */
public record RequestedOutput(String name, int classification, Boolean binary) {
}
