package org.opennapj.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.opennapj.client.transfer.TransferInfo;
import org.opennapj.client.transfer.TransferResult;

/** Two uploads whose descriptions are equal are still two rows, each ended by its own end. */
class ClientShellUploadsTest {

    @Test
    void equalUploadsAreTrackedApart() {
        List<String> printed = new CopyOnWriteArrayList<>();
        ClientShell shell = new ClientShell(new ClientOptions(), null, printed::add);
        ClientShell.Events events = shell.new Events();
        Path local = Path.of("song.mp3");
        TransferInfo first = new TransferInfo(TransferInfo.Direction.UPLOAD, false, "bob", "C:\\share\\song.mp3", local, 100, 0);
        TransferInfo second = new TransferInfo(TransferInfo.Direction.UPLOAD, false, "bob", "C:\\share\\song.mp3", local, 100, 0);
        assertThat(first).isEqualTo(second);
        events.uploadStarted(first);
        events.uploadStarted(second);
        events.progress(second, 60, 100);
        events.uploadEnded(first, new TransferResult(TransferResult.Status.COMPLETE, 100, local, null));
        assertThat(shell.transfersTable()).containsExactly(
                "[1] upload song.mp3 to bob: done",
                "[2] upload song.mp3 to bob: 60% 60 B of 100 B");
        events.uploadEnded(second, new TransferResult(TransferResult.Status.FAILED, 60, local, "the peer closed"));
        assertThat(shell.transfersTable()).containsExactly(
                "[1] upload song.mp3 to bob: done",
                "[2] upload song.mp3 to bob: failed: the peer closed");
        assertThat(printed).hasSize(4);
    }
}
