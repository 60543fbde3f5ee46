/**
 * A shared folder as the network sees it (napster.txt section 3 and messages 100, 102, 10300).
 *
 * <p>{@link org.opennapj.client.share.SharedFolder} scans a folder (bounded in depth and file
 * count, symbolic links never leading out of it) into {@link org.opennapj.client.share.SharedFile}s:
 * the announced name, size, the checksum ({@link org.opennapj.client.share.NapsterChecksum}: MD5 of
 * the first 299,008 bytes after an ID3v2 tag), and for MP3s the bitrate, sample rate and duration
 * read from a run of valid frame headers ({@link org.opennapj.client.share.MpegAudio}, Xing/Info and
 * VBRI headers included); other files get a {@link org.opennapj.client.share.MediaType} for 10300.
 *
 * <p>For the server session: after login, {@code rescan()} and send each added file's
 * {@code shareLine()} as 100 (MP3) or {@code genericShareLine()} as 10300 (other types); later
 * rescans give what to add and what to withdraw with 102 {@code <filename>}. Uploads and the
 * server's 607 name files by their announced name, which {@code find} maps back to the local
 * file without ever building a path from it.
 *
 * <p>{@link org.opennapj.client.share.SampleMp3} writes a small valid MP3 with an ID3v2 tag, for
 * trying a share and for tests in any module.
 */
package org.opennapj.client.share;

import org.opennapj.protocol.MediaType;
