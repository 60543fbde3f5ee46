package org.opennapj.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opennapj.web.WebSessions.WebSession;

/** The session pools: anonymous visits never push out a signed-in session. */
class WebSessionsTest {

    @Test
    void manyVisitsWithoutACookieLeaveSignedInSessionsAlone() {
        WebSessions sessions = new WebSessions();
        long now = 1_000_000;
        WebSession mod = sessions.create(null, "mod", now);
        WebSession firstVisit = sessions.create(null, null, now);
        for (int i = 0; i < WebSessions.MAX_ANONYMOUS + 10; i++) {
            sessions.create(null, null, now + 1);
        }
        assertThat(sessions.get(mod.id, now + 2)).isSameAs(mod);
        assertThat(sessions.get(firstVisit.id, now + 2)).as("the oldest anonymous one went").isNull();
    }

    @Test
    void aFullSignedInPoolPushesOutItsOwnOldest() {
        WebSessions sessions = new WebSessions();
        long now = 1_000_000;
        WebSession first = sessions.create(null, "u0", now);
        WebSession visit = sessions.create(null, null, now);
        for (int i = 1; i <= WebSessions.MAX_SIGNED_IN; i++) {
            sessions.create(null, "u" + i, now + 1);
        }
        assertThat(sessions.get(first.id, now + 2)).isNull();
        assertThat(sessions.get(visit.id, now + 2)).isSameAs(visit);
    }

    @Test
    void signingInReplacesTheAnonymousSession() {
        WebSessions sessions = new WebSessions();
        WebSession visit = sessions.create(null, null, 1);
        WebSession in = sessions.create(visit, "alice", 2);
        assertThat(sessions.get(visit.id, 3)).isNull();
        assertThat(sessions.get(in.id, 3)).isSameAs(in);
        WebSession out = sessions.create(in, null, 4);
        assertThat(sessions.get(in.id, 5)).isNull();
        assertThat(sessions.get(out.id, 5)).isSameAs(out);
    }
}
