package io.sightline.dataset;

import io.sightline.dataset.importing.ImportValidator;

/**
 * What a caller asks for, as given: any field may be missing; {@link ImportValidator} checks it.
 *
 * @param name            dataset name
 * @param source          {@code file:/abs/dir} or {@code /abs/dir}
 * @param testRatio       test share per class, or null for the configured default
 * @param validationRatio validation share per class, or null for the configured default
 * @param seed            split seed, or null for the configured default
 * @param groupPattern    regular expression whose group 1, found in a file's relative path, names the
 *                        file's group (images of one group stay on one side); null to group by content
 */
public record ImportRequest(String name, String source, Double testRatio, Double validationRatio, Long seed,
                            String groupPattern) {
}
