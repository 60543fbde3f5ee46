package org.opennapj.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-address counts of failed sign-ins and registrations, on a clock the test gives. */
class AddressLimitsTest {

    @Test
    void anAddressIsRefusedAtItsLimitUntilItsOldestEventLeavesTheWindow() {
        AddressLimits limits = new AddressLimits(3, 60);
        long t = 1_000_000;
        limits.add("203.0.113.7", t);
        limits.add("203.0.113.7", t + 10_000);
        assertThat(limits.retryAfter("203.0.113.7", t + 10_000)).isZero();
        limits.add("203.0.113.7", t + 20_000);
        assertThat(limits.retryAfter("203.0.113.7", t + 20_000)).isEqualTo(40);
        assertThat(limits.retryAfter("198.51.100.1", t + 20_000)).isZero();
        assertThat(limits.retryAfter("203.0.113.7", t + 60_000)).isZero();   // the first left the window
        limits.add("203.0.113.7", t + 61_000);
        assertThat(limits.retryAfter("203.0.113.7", t + 61_000)).isEqualTo(9);
        limits.clear("203.0.113.7");
        assertThat(limits.retryAfter("203.0.113.7", t + 61_000)).isZero();
    }

    @Test
    void acquireCountsInOneStepWithTheCheckAndForgiveTakesOneBack() {
        AddressLimits limits = new AddressLimits(2, 60);
        assertThat(limits.acquire("203.0.113.7", 0)).isZero();
        assertThat(limits.acquire("203.0.113.7", 0)).isZero();
        assertThat(limits.acquire("203.0.113.7", 0)).isEqualTo(60);
        assertThat(limits.acquire("203.0.113.7", 0)).as("a refused attempt is not counted").isEqualTo(60);
        limits.forgive("203.0.113.7");
        assertThat(limits.acquire("203.0.113.7", 0)).isZero();
    }

    @Test
    void anIpv6AddressCountsWithItsSlash64() {
        assertThat(AddressLimits.key("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressLimits.key("[2001:0db8:0001:0002:ffff:1:2:3]")).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressLimits.key("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(AddressLimits.key("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(AddressLimits.key("not:an:address:at:all")).isEqualTo("not:an:address:at:all");
        AddressLimits limits = new AddressLimits(2, 60);
        limits.add("2001:db8:1:2::a", 0);
        limits.add("2001:db8:1:2::b", 0);
        assertThat(limits.retryAfter("2001:db8:1:2:ffff:ffff:ffff:ffff", 0)).isEqualTo(60);
        assertThat(limits.retryAfter("2001:db8:1:3::a", 0)).isZero();
        limits.clear("2001:db8:1:2::c");
        assertThat(limits.retryAfter("2001:db8:1:2::a", 0)).isZero();
    }

    @Test
    void sessionsEndWhenUnusedAndSigningInReplacesTheSession() {
        WebSessions sessions = new WebSessions();
        WebSessions.WebSession anonymous = sessions.create(null, null, 0);
        assertThat(sessions.get(anonymous.id, WebSessions.IDLE_MILLIS)).isSameAs(anonymous);
        WebSessions.WebSession signedIn = sessions.create(anonymous, "mod", WebSessions.IDLE_MILLIS);
        assertThat(signedIn.id).isNotEqualTo(anonymous.id);
        assertThat(signedIn.csrf).isNotEqualTo(anonymous.csrf);
        assertThat(sessions.get(anonymous.id, WebSessions.IDLE_MILLIS)).isNull();
        assertThat(signedIn.tokenMatches(signedIn.csrf)).isTrue();
        assertThat(signedIn.tokenMatches(anonymous.csrf)).isFalse();
        assertThat(signedIn.tokenMatches(null)).isFalse();
        assertThat(sessions.get(signedIn.id, 2 * WebSessions.IDLE_MILLIS + 1)).isNull();
    }
}
