package org.opennapj.client.share;

import java.util.List;

/**
 * What a rescan of a shared folder found: files to announce (100/10300) and files to withdraw
 * (102). A file whose size or modification time changed is in both.
 *
 * @param truncated whether the scan stopped at the folder's file limit
 */
public record ShareChanges(List<SharedFile> added, List<SharedFile> removed, boolean truncated) {
    public ShareChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }
}
