package io.sightline.cli;

/**
 * {@code NAME} or {@code NAME:VERSION} as typed on the command line.
 *
 * @param name    the dataset's or model's name
 * @param version the version, or null for the whole thing
 */
record NameVersion(String name, String version) {

    /** @throws CliException a usage error for {@code :3}, {@code cats:} and the like */
    static NameVersion parse(String target) {
        int colon = target.lastIndexOf(':');
        if (target.isEmpty() || colon == 0 || colon == target.length() - 1) {
            throw CliException.usage("expected NAME or NAME:VERSION, got '" + target + "'");
        }
        return colon < 0 ? new NameVersion(target, null)
                : new NameVersion(target.substring(0, colon), target.substring(colon + 1));
    }

    /** {@code /datasets/cats} or {@code /datasets/cats/versions/3}, encoded. */
    String path(String collection) {
        return "/" + collection + "/" + ServiceClient.segment(name)
                + (version == null ? "" : "/versions/" + ServiceClient.segment(version));
    }

    /** {@code dataset cats version 3}, {@code model m} for a message. */
    String describe(String kind) {
        return kind + " " + name + (version == null ? "" : " version " + version);
    }
}
