package org.opennapj.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressHistoryTest {

    @Test
    void neverHoldsMoreThanItsCapAndDropsTheLeastRecentlyUsed() {
        AddressHistory h = new AddressHistory(3);
        h.remember("10.0.0.1")[0] = 100;
        h.remember("10.0.0.2")[0] = 100;
        h.remember("10.0.0.3")[0] = 100;
        h.remember("10.0.0.1")[0] = 101;     // used again: now the most recent
        h.remember("10.0.0.4")[0] = 102;
        h.remember("10.0.0.5")[0] = 103;
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.get("10.0.0.2")).isNull();
        assertThat(h.get("10.0.0.3")).isNull();
        assertThat(h.get("10.0.0.1")[0]).isEqualTo(101);
        assertThat(h.get("10.0.0.5")[0]).isEqualTo(103);
    }

    @Test
    void pruneDropsOldAddressesAndKeepsYoungOnes() {
        AddressHistory h = new AddressHistory(100);
        h.remember("10.0.0.1")[0] = 100;
        h.remember("10.0.0.2")[1] = 100;
        h.remember("10.0.0.3")[0] = 195;
        h.prune(200, 60);
        assertThat(h.get("10.0.0.1")).isNull();
        assertThat(h.get("10.0.0.2")).isNull();
        assertThat(h.get("10.0.0.3")).isNotNull();
        h.prune(300, 60);
        assertThat(h.size()).isZero();
    }
}
