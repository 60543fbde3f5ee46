package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void toStringShowsTypeAndQuotedData() {
        assertThat(Message.of(205, "bob hello")).hasToString("205 \"bob hello\"");
        assertThat(Message.of(202, "")).hasToString("202 \"\"");
        assertThat(Message.of(203, "mred \"a b.mp3\"")).hasToString("203 \"mred \"a b.mp3\"\"");
    }

    @Test
    void toStringEscapesControlCharacters() {
        assertThat(Message.of(1, "a\nb\u0000\u007f\u0085\u00e9")).hasToString("1 \"a\\x0ab\\x00\\x7f\\x85\u00e9\"");
    }

    @Test
    void nullDataBecomesEmpty() {
        assertThat(Message.of(202, null).data()).isEmpty();
        assertThat(new Message(202, null)).isEqualTo(Message.of(202, ""));
    }

    @Test
    void typeMustFitSixteenBits() {
        assertThatThrownBy(() -> Message.of(-1, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.of(65536, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Message.of(65535, "").type()).isEqualTo(65535);
    }

    @Test
    void ofMessageTypeUsesItsCode() {
        Message m = Message.of(MessageType.LOGIN_ACK, "a@b.c");
        assertThat(m.type()).isEqualTo(3);
        assertThat(m.messageType()).isSameAs(MessageType.LOGIN_ACK);
        assertThat(Message.of(1, "").messageType()).isNull();
    }

    @Test
    void recordEquality() {
        assertThat(Message.of(1, "x")).isEqualTo(new Message(1, "x")).isNotEqualTo(Message.of(1, "y"));
        assertThat(Message.of(1, "x")).hasSameHashCodeAs(Message.of(1, "x"));
    }
}
