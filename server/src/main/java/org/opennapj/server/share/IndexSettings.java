package org.opennapj.server.share;

/**
 * How shared paths are turned into index words (opennap-ng's {@code index_path_depth} and
 * {@code index_ignore_suffix}).
 *
 * @param pathDepth    how many trailing path components are indexed (2 = file name and its
 *                     directory); the component before the first separator (e.g. a drive
 *                     letter) is never indexed. Zero or less means no limit.
 * @param ignoreSuffix when true the file name extension (from the last '.' of the last path
 *                     component) is not indexed
 */
public record IndexSettings(int pathDepth, boolean ignoreSuffix) {

    /** opennap-ng's defaults: depth 2, suffix ignored. */
    public static IndexSettings defaults() {
        return new IndexSettings(2, true);
    }
}
