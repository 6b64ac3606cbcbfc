package io.sightline.inference.residency;

import io.sightline.storage.StoreKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which models a deployment serves: exact names and {@link GlobPattern globs}; empty selects every model. A model
 * outside the selection is never loaded here and its requests get 404 (another pool serves it).
 */
public final class ModelSelection {

    /** More entries are refused: a selection is written by hand, per pool. */
    public static final int MAX_ENTRIES = 1000;

    private static final ModelSelection ALL = new ModelSelection(Set.of(), List.of());

    private final Set<String> names;
    private final List<GlobPattern> globs;

    private ModelSelection(Set<String> names, List<GlobPattern> globs) {
        this.names = names;
        this.globs = globs;
    }

    public static ModelSelection all() {
        return ALL;
    }

    /**
     * @param entries model names and globs; blank entries are skipped
     * @throws IllegalArgumentException when an entry is neither a valid model name nor a valid glob, or there are
     *                                  more than {@link #MAX_ENTRIES}
     */
    public static ModelSelection of(Collection<String> entries) {
        if (entries.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " model selectors, got " + entries.size());
        }
        Set<String> names = new TreeSet<>();
        List<GlobPattern> globs = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw == null ? "" : raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (GlobPattern.isGlob(entry)) {
                globs.add(GlobPattern.of(entry));
            } else if (StoreKeys.isValidName(entry)) {
                names.add(entry);
            } else {
                throw new IllegalArgumentException("not a model name or glob: " + entry);
            }
        }
        return names.isEmpty() && globs.isEmpty() ? ALL : new ModelSelection(Set.copyOf(names), List.copyOf(globs));
    }

    /** Whether every model is selected. */
    public boolean everything() {
        return names.isEmpty() && globs.isEmpty();
    }

    public boolean selects(String model) {
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
        return false;
    }

    @Override
    public String toString() {
        if (everything()) {
            return "every model";
        }
        List<String> all = new ArrayList<>(new TreeSet<>(names));
        globs.forEach(glob -> all.add(glob.toString()));
        return String.join(",", all);
    }
}
