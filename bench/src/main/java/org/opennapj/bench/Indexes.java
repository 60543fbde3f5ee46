package org.opennapj.bench;

import java.util.List;
import org.opennapj.protocol.MediaType;
import org.opennapj.server.share.IndexSettings;
import org.opennapj.server.share.ShareIndex;

/** Builds share indexes filled from a {@link Library} for the benchmarks. */
final class Indexes {

    /** The settings of the load runs: index_path_depth 3 (artist directory searchable), suffix ignored. */
    static final IndexSettings SETTINGS = new IndexSettings(3, true);

    private Indexes() {
    }

    /** An index holding users 0..users-1, each sharing filesPerUser files. */
    static ShareIndex build(Library library, int users, int filesPerUser) {
        ShareIndex index = new ShareIndex(SETTINGS);
        for (int u = 0; u < users; u++) {
            addAll(index, u, library.files(u, filesPerUser));
        }
        return index;
    }

    static void addAll(ShareIndex index, int owner, List<Library.SharedFile> files) {
        for (Library.SharedFile f : files) {
            index.add(owner, f.path(), f.md5(), f.size(), f.bitrate(), f.freq(), f.duration(), MediaType.MP3);
        }
    }
}
