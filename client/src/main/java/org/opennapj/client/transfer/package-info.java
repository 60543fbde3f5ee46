/**
 * Client-to-client transfers (napster.txt section 5) with no dependency on the server session:
 * the session drives {@link org.opennapj.client.transfer.PeerTransfers} from the server's
 * messages and implements {@link org.opennapj.client.transfer.TransferEvents} to send the
 * counters.
 *
 * <h2>What the server session does</h2>
 * <table>
 *   <caption>Wiring</caption>
 *   <tr><th>event</th><th>the session</th></tr>
 *   <tr><td>login / 703</td><td>announces {@code openDataPort(addr, port)}'s result as its data
 *       port; 0 (no data port) when firewalled</td></tr>
 *   <tr><td>607 {@code <nick> "<filename>" <speed>}</td><td>calls {@code uploadRequested(nick, filename)}:
 *       ACCEPTED → send 608 {@code <nick> "<filename>"}; QUEUED or FULL → send 619
 *       {@code <nick> "<filename>" <limit>}; NOT_SHARED → send nothing</td></tr>
 *   <tr><td>501 {@code <nick> <ip> <port> "<filename>" <md5> <speed>}</td><td>calls
 *       {@code pushUpload(nick, filename, ip, port)} (we are firewalled; ip decoded with
 *       {@code IpAddress.fromWire})</td></tr>
 *   <tr><td>204 {@code <nick> <ip> <port> "<filename>" <md5> <speed>}, port &gt; 0</td><td>calls
 *       {@code download(nick, filename, ip:port, sizeFromSearch, progress)}</td></tr>
 *   <tr><td>204 with port 0</td><td>sends 500 {@code <nick> "<filename>"} and calls
 *       {@code expectPush(nick, filename, sizeFromSearch, progress)}; needs our data port open</td></tr>
 *   <tr><td>640 {@code <requester>}</td><td>answers 641 {@code <requester>} when sharing (our data
 *       port serves GETLIST); a firewalled client cannot be browsed (pushed lists are not sent)</td></tr>
 *   <tr><td>641 {@code <nick> <ip> <port>}</td><td>calls {@code browse(ip:port)}</td></tr>
 *   <tr><td>{@code TransferEvents}</td><td>downloadStarted → 218, downloadEnded → 219,
 *       uploadStarted → 220, uploadEnded → 221 (each start has exactly one end)</td></tr>
 * </table>
 *
 * <h2>Bytes on the wire</h2>
 * Nothing is line-terminated; each item below is written with one write call. The numbers are
 * ASCII decimal.
 * <pre>
 * Normal download (the sharer listens; we connect to its data port):
 *   sharer → us   "1"
 *   us → sharer   "GET"
 *   us → sharer   &lt;our nick&gt; "&lt;filename&gt;" &lt;offset&gt;
 *   sharer → us   &lt;whole file size&gt;           or "INVALID REQUEST" / "FILE NOT SHARED", then close
 *   sharer → us   the file's bytes from offset to the end, then close
 *
 * Firewalled sharer (it connects to our data port after the 500 → 501):
 *   us → sharer   "1"
 *   sharer → us   "SEND"
 *   sharer → us   &lt;its nick&gt; "&lt;filename&gt;" &lt;whole file size&gt;
 *   us → sharer   &lt;offset&gt;                    or "INVALID REQUEST", then close
 *   sharer → us   the bytes from offset to the end, then close
 *
 * Direct browse (640/641), either side:
 *   lister → browser   "1"
 *   browser → lister   "GETLIST"
 *   lister → browser   &lt;its nick&gt; LF, then one 100-style line per file each ending in LF, then LF; close
 * </pre>
 * The size after GET is followed directly by the data; it ends at the first byte that is not a
 * digit, or once its digits spell the size the search gave. An offset or a SEND's size is
 * followed by nothing; it ends at a non-digit, the end of the stream, or a pause of
 * {@link org.opennapj.client.transfer.TransferSettings#quietTime()}. This matches napster.txt
 * section 5 and what TekNap and MP3::Napster send (TekNap's uploader also says
 * "FILE NOT FOUND" / "FILE NOT REQUESTED"; any answer that is not a number is taken as a refusal).
 *
 * <h2>Safety</h2>
 * <ul>
 *   <li>Only uploads agreed with 608 are served, once each, and only files of the
 *       {@link org.opennapj.client.share.SharedFolder} (looked up by announced name, never
 *       turned into a path).</li>
 *   <li>A download is written to {@code <safe base name>.part} in the download folder
 *       ({@link org.opennapj.client.transfer.SafeFileName}), never more than the announced size,
 *       never more than {@code maxFileSize}; a size that differs from the search result's is
 *       refused; the partial file is renamed when complete and kept for resume otherwise.</li>
 *   <li>Every peer read has a timeout; a watchdog closes a connection with no progress for the
 *       step timeout (a peer that stops reading included). A malformed line ends that
 *       connection with a {@link org.opennapj.client.transfer.PeerProtocolException} in its
 *       result; the data port keeps serving.</li>
 * </ul>
 */
package org.opennapj.client.transfer;
