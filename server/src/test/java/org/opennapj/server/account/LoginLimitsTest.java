package org.opennapj.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginLimitsTest {

    @Test
    void aLeechIsEjectedBeforeAnyOtherUserWhateverTheirLoginTimes() {
        // a leech found after a non-leech, later logged in and sharing more, still replaces it
        assertThat(LoginLimits.goesBefore(true, 5, 200, false, 0, 100)).isTrue();
        assertThat(LoginLimits.goesBefore(false, 0, 100, true, 5, 200)).isFalse();
    }

    @Test
    void otherwiseTheOneSharingFewestThenTheOneConnectedLongestGoes() {
        assertThat(LoginLimits.goesBefore(false, 1, 200, false, 3, 100)).isTrue();
        assertThat(LoginLimits.goesBefore(false, 3, 100, false, 1, 200)).isFalse();
        assertThat(LoginLimits.goesBefore(false, 2, 100, false, 2, 200)).isTrue();
        assertThat(LoginLimits.goesBefore(true, 0, 300, true, 0, 200)).isFalse();
    }
}
