package org.opennapj.server.share;

/**
 * Receives the file ids produced by a search, browse or checksum look-up of a {@link ShareIndex}.
 * The visitor must not modify the index it is called from.
 */
@FunctionalInterface
public interface FileVisitor {
    /** Called once per hit; return false to stop the walk. */
    boolean visit(int fileId);
}
