package org.opennapj.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The records that carry a password never print it. */
class PasswordMaskTest {

    @Test
    void loginDetailsAndSettingsMaskThePassword() {
        LoginDetails d = new LoginDetails("alice", "fake-secret-1", 6699, "OpenNapJ 0.1", 3);
        assertThat(d.toString()).contains("alice", "6699", "***").doesNotContain("fake-secret-1");
        OpenNapClient.Settings s = OpenNapClient.Settings.of("bob", "fake-secret-2", Path.of("downloads"));
        assertThat(s.toString()).contains("bob", "downloads", "***").doesNotContain("fake-secret-2");
    }
}
