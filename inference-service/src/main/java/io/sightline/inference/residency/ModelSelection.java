package io.sightline.inference.residency;

import io.sightline.events.ModelLabels;
import io.sightline.storage.StoreKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which models a deployment serves: exact names, {@link GlobPattern globs} and label selectors
 * {@code label:<key>=<value>} (decision 108); empty selects every model. A model is selected when any entry selects it;
 * a label selector selects by the labels of the model's latest promotion, so a promotion's labels decide. A model
 * outside the selection is never loaded here and its requests get 404 (another pool serves it).
 */
public final class ModelSelection {

    /** More entries are refused: a selection is written by hand, per pool. */
    public static final int MAX_ENTRIES = 1000;

    private static final ModelSelection ALL = new ModelSelection(Set.of(), List.of(), List.of());

    /** The prefix of a label selector. */
    public static final String LABEL = "label:";

    private final Set<String> names;
    private final List<GlobPattern> globs;
    private final List<Map.Entry<String, String>> labels;

    private ModelSelection(Set<String> names, List<GlobPattern> globs, List<Map.Entry<String, String>> labels) {
        this.names = names;
        this.globs = globs;
        this.labels = labels;
    }

    public static ModelSelection all() {
        return ALL;
    }

    /**
     * @param entries model names, globs and {@code label:<key>=<value>} selectors; blank entries are skipped
     * @throws IllegalArgumentException when an entry is neither a valid model name, a valid glob nor a valid label
     *                                  selector, or there are more than {@link #MAX_ENTRIES}
     */
    public static ModelSelection of(Collection<String> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " model selectors, got " + entries.size());
        }
        Set<String> names = new TreeSet<>();
        List<GlobPattern> globs = new ArrayList<>();
        Set<Map.Entry<String, String>> labels = new LinkedHashSet<>();
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith(LABEL)) {
                labels.add(label(entry));
            } else if (GlobPattern.isGlob(entry)) {
                globs.add(GlobPattern.of(entry));
            } else if (StoreKeys.isValidName(entry)) {
                names.add(entry);
            } else {
                throw new IllegalArgumentException("not a model name or glob: " + entry);
            }
        }
        return names.isEmpty() && globs.isEmpty() && labels.isEmpty() ? ALL
                : new ModelSelection(Set.copyOf(names), List.copyOf(globs), List.copyOf(labels));
    }

    /** {@code label:<key>=<value>}, key and value checked by {@link ModelLabels#valid}, without a regular expression. */
    private static Map.Entry<String, String> label(String entry) {
        String pair = entry.substring(LABEL.length());
        int equals = pair.indexOf('=');
        String key = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        if (!ModelLabels.valid(key) || !ModelLabels.valid(value)) {
            throw new IllegalArgumentException("not a label selector (label:<key>=<value>, each 1 to "
                    + ModelLabels.MAX_LENGTH + " of a-z, 0-9, '-', '.', starting and ending with a letter or digit): "
                    + (entry.length() > 200 ? entry.substring(0, 200) + "…" : entry));
        }
        return Map.entry(key, value);
    }

    /** Whether every model is selected. */
    public boolean everything() {
        return names.isEmpty() && globs.isEmpty() && labels.isEmpty();
    }

    /** Whether this selection has label selectors (then a model's promotion, not its name alone, decides). */
    public boolean byLabels() {
        return !labels.isEmpty();
    }

    /** Whether the model is selected by its name alone (its labels unknown: label selectors do not count). */
    public boolean selects(String model) {
        return selects(model, null);
    }

    /** @param modelLabels the labels of the model's latest promotion; {@code null} or empty when it has none */
    public boolean selects(String model, Map<String, String> modelLabels) {
        if (model == null) {
            return false;
        }
        if (everything() || names.contains(model)) {
            return true;
        }
        for (GlobPattern glob : globs) {
            if (glob.matches(model)) {
                return true;
            }
        }
        if (modelLabels != null) {
            for (Map.Entry<String, String> label : labels) {
                if (label.getValue().equals(modelLabels.get(label.getKey()))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        if (everything()) {
            return "every model";
        }
        List<String> all = new ArrayList<>(new TreeSet<>(names));
        globs.forEach(glob -> all.add(glob.toString()));
        labels.forEach(label -> all.add(LABEL + label.getKey() + "=" + label.getValue()));
        return String.join(",", all);
    }
}
