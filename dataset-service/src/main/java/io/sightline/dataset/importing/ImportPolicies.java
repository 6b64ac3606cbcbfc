package io.sightline.dataset.importing;

import io.sightline.dataset.source.ClassNames;
import io.sightline.dataset.source.InvalidImportException;
import java.util.Locale;

/**
 * What findings do to one import: the service's configuration unless the request says otherwise (a null
 * component: the configured policy, resolved when the import runs).
 *
 * @param corruptFiles   an undecodable file
 * @param labelConflicts the same content under two classes
 * @param nearDuplicates look-alike images across sides (and, in a given split, identical ones)
 */
public record ImportPolicies(CorruptFilePolicy corruptFiles, FindingPolicy labelConflicts,
                             FindingPolicy nearDuplicates) {

    /** The policies a request names (null where it names none). */
    static ImportPolicies of(String corruptFiles, String labelConflicts, String nearDuplicates) {
        return new ImportPolicies(parse("corruptFiles", corruptFiles, CorruptFilePolicy.class, null),
                parse("labelConflicts", labelConflicts, FindingPolicy.class, null),
                parse("nearDuplicates", nearDuplicates, FindingPolicy.class, null));
    }

    /** These policies, each missing one taken from {@code defaults}. */
    ImportPolicies or(ImportPolicies defaults) {
        return new ImportPolicies(corruptFiles != null ? corruptFiles : defaults.corruptFiles,
                labelConflicts != null ? labelConflicts : defaults.labelConflicts,
                nearDuplicates != null ? nearDuplicates : defaults.nearDuplicates);
    }

    private static <E extends Enum<E>> E parse(String field, String text, Class<E> type, E fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text.trim())) {
                return value;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E value : type.getEnumConstants()) {
            allowed.append(allowed.isEmpty() ? "" : " or ").append(value.name().toLowerCase(Locale.ROOT));
        }
        throw new InvalidImportException(field + " must be " + allowed + "; got: " + ClassNames.printable(text));
    }
}
