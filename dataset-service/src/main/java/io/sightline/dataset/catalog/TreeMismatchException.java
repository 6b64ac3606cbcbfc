package io.sightline.dataset.catalog;

import java.util.List;

/** A materialised tree whose files do not match the manifest (someone wrote through a hard link, say). */
public final class TreeMismatchException extends RuntimeException {

    private final List<String> problems;

    TreeMismatchException(String key, List<String> problems) {
        super("the tree " + key + " does not match its manifest: " + problems.size() + " problem(s), first: "
                + problems.get(0));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
