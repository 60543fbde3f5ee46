package org.opennapj.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.opennapj.server.core.LogSummary;
import org.slf4j.LoggerFactory;

/** Failures of the listening socket: summarised, and accepting pauses and resumes. */
class AcceptFailuresTest {

    @Test
    void repeatedAcceptFailuresAreSummarisedAndAcceptingPausesForASecond() {
        Logger logger = (Logger) LoggerFactory.getLogger("test.AcceptFailures");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicLong now = new AtomicLong();
        LogSummary summary = new LogSummary(logger, 10_000_000_000L, now::get);
        EmbeddedChannel listener = new EmbeddedChannel(new AcceptFailures(summary));
        try {
            for (int i = 0; i < 500; i++) {
                listener.config().setAutoRead(true);
                listener.pipeline().fireExceptionCaught(new IOException("accept(..) failed: Too many open files"));
            }
            assertThat(listener.config().isAutoRead()).as("paused after a failure").isFalse();
            listener.advanceTimeBy(AcceptFailures.PAUSE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            listener.runScheduledPendingTasks();
            assertThat(listener.config().isAutoRead()).as("accepting again a second later").isTrue();

            now.addAndGet(11_000_000_000L);
            summary.flush();
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "accepting a connection failed: accept(..) failed: Too many open files",
                    "499 more in 11 s: accepting a connection failed (last: accept(..) failed: Too many open files)");
            // nothing reached the end of the pipeline (where Netty would warn once per failure)
            listener.checkException();
        } finally {
            listener.finishAndReleaseAll();
            logger.detachAppender(lines);
        }
    }
}
