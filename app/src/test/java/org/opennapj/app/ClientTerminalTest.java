package org.opennapj.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jline.reader.LineReader;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.opennapj.app.ClientTerminal.Above;

/** Remote text reaches the terminal without the control characters that a terminal acts on. */
class ClientTerminalTest {

    private static final String HOSTILE = "hi\u001b]0;owned\u0007 there\r\nfake line\u009b2J \u202eevil\u2066 \u007f";

    @Test
    void printableMakesControlsVisible() {
        String p = ClientTerminal.printable(HOSTILE);
        assertThat(p).isEqualTo("hi\\x1B]0;owned\\x07 there\\x0D\\x0Afake line\\x9B2J \\u202Eevil\\u2066 \\x7F");
        assertThat(ClientTerminal.printable("plain é 日本")).isEqualTo("plain é 日本");
    }

    @Test
    void aboveLinesCarryNoControlCharacters() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(new byte[0]), screen)) {
            Above above = new Above(terminal);
            above.line("*mallory* " + HOSTILE); // before the reader: straight to the terminal
            LineReader reader = ClientTerminal.reader(terminal, new ClientShell(new ClientOptions(), null, above));
            above.reader(reader);
            above.line("| " + HOSTILE); // through printAbove
            terminal.flush();
        }
        String text = screen.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("owned").contains("fake line");
        String visible = text.replace("\n", "").replace("\r", ""); // the terminal's own line ends
        assertThat(visible.chars().filter(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069))).isEmpty();
        assertThat(text.split("\n")).noneMatch(l -> l.startsWith("fake line"));
    }
}
