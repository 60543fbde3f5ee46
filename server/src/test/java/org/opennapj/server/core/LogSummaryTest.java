package org.opennapj.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSummaryTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final Logger logger = (Logger) LoggerFactory.getLogger("test.LogSummaryTest");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private LogSummary summary;

    @BeforeEach
    void setUp() {
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        summary = new LogSummary(logger, 10 * SECOND, clock::get);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(appender);
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theFirstEventIsLoggedAndTheRestOfTheIntervalIsOneLineWithTheCount() {
        for (int i = 0; i < 1000; i++) {
            summary.event("connection closed: output queue over client_queue_length", "nick" + i);
            clock.addAndGet(SECOND / 200);   // 1,000 events in 5 s
        }
        summary.flush();
        assertThat(lines()).containsExactly("connection closed: output queue over client_queue_length: nick0");
        clock.addAndGet(5 * SECOND);
        summary.flush();
        summary.flush();
        assertThat(lines()).containsExactly(
                "connection closed: output queue over client_queue_length: nick0",
                "999 more in 10 s: connection closed: output queue over client_queue_length (last: nick999)");
    }

    @Test
    void kindsAreCountedApart() {
        summary.event("connection refused: over max_clones", "10.0.0.1");
        summary.event("connection closed: frame longer than max_command_length", "10.0.0.2");
        summary.event("connection refused: over max_clones", "10.0.0.3");
        summary.event("connection refused: over max_clones", "10.0.0.4");
        clock.addAndGet(10 * SECOND);
        summary.flush();
        assertThat(lines()).containsExactly(
                "connection refused: over max_clones: 10.0.0.1",
                "connection closed: frame longer than max_command_length: 10.0.0.2",
                "2 more in 10 s: connection refused: over max_clones (last: 10.0.0.4)");
    }

    @Test
    void aLoneEventWritesNoSummaryAndTheNextIntervalStartsAfresh() {
        summary.event("connection refused: over max_clones", "10.0.0.1");
        clock.addAndGet(11 * SECOND);
        summary.flush();
        summary.event("connection refused: over max_clones", "10.0.0.2");
        assertThat(lines()).containsExactly(
                "connection refused: over max_clones: 10.0.0.1",
                "connection refused: over max_clones: 10.0.0.2");
    }

    @Test
    void anEventAfterTheIntervalWritesTheSummaryEvenWithoutAFlush() {
        summary.event("connection refused: over max_clones", "10.0.0.1");
        summary.event("connection refused: over max_clones", "10.0.0.2");
        clock.addAndGet(12 * SECOND);
        summary.event("connection refused: over max_clones", "10.0.0.3");
        assertThat(lines()).containsExactly(
                "connection refused: over max_clones: 10.0.0.1",
                "1 more in 12 s: connection refused: over max_clones (last: 10.0.0.2)",
                "connection refused: over max_clones: 10.0.0.3");
    }
}
