package org.opennapj.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.opennapj.client.transfer.UploadDecision.Kind;

class UploadSlotsTest {
    private long now;
    private final UploadSlots slots = new UploadSlots(2, 2, TimeUnit.SECONDS.toNanos(60), () -> now);

    @Test
    void acceptsUpToTheSlotsThenQueuesInOrderThenIsFull() {
        assertThat(slots.request("a", "f").kind()).isEqualTo(Kind.ACCEPTED);
        assertThat(slots.request("b", "f").kind()).isEqualTo(Kind.ACCEPTED);
        UploadDecision c = slots.request("c", "f");
        assertThat(c.kind()).isEqualTo(Kind.QUEUED);
        assertThat(c.position()).isEqualTo(1);
        assertThat(c.limit()).isEqualTo(2);
        assertThat(c.sendQueueLimit()).isTrue();
        assertThat(slots.request("d", "f").position()).isEqualTo(2);
        assertThat(slots.request("e", "f").kind()).isEqualTo(Kind.FULL);
        assertThat(slots.request("c", "f").position()).isEqualTo(1); // asking again keeps the place
        assertThat(slots.queue()).containsExactly("c", "d");
    }

    @Test
    void aFreedSlotGoesToTheFirstInTheQueueNotToANewcomer() {
        slots.request("a", "f");
        slots.request("b", "f");
        slots.request("c", "f");
        assertThat(slots.claim("a", "f")).isTrue();
        slots.release();
        assertThat(slots.request("newcomer", "f").kind()).isEqualTo(Kind.QUEUED);
        assertThat(slots.request("c", "f").kind()).isEqualTo(Kind.ACCEPTED);
        assertThat(slots.queue()).containsExactly("newcomer");
    }

    @Test
    void onlyAgreedUploadsCanBeClaimedAndOnlyOnce() {
        assertThat(slots.claim("a", "f")).isFalse();
        slots.request("a", "C:\\x\\f.mp3");
        assertThat(slots.claim("b", "C:\\x\\f.mp3")).isFalse();
        assertThat(slots.claim("A", "c:/x/F.MP3")).isTrue();
        assertThat(slots.claim("a", "C:\\x\\f.mp3")).isFalse();
        assertThat(slots.running()).isEqualTo(1);
    }

    @Test
    void anAgreementNobodyUsesExpiresAndFreesItsSlot() {
        slots.request("a", "f");
        slots.request("b", "f");
        assertThat(slots.request("c", "f").kind()).isEqualTo(Kind.QUEUED);
        now += TimeUnit.SECONDS.toNanos(61);
        assertThat(slots.claim("a", "f")).isFalse();
        assertThat(slots.request("d", "f").kind()).isEqualTo(Kind.ACCEPTED); // c's place expired too
    }
}
