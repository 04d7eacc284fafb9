package io.pyrope.node.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops Ignite's "Logging at INFO level without checking if INFO level is enabled" warnings: with
 * org.apache.ignite at WARN, Ignite re-logs some INFO lines as such warnings at every start.
 */
public final class IgniteNoiseFilter extends Filter<ILoggingEvent> {
    private static final String NOISE = "Logging at INFO level without checking if INFO level is enabled";

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String message = event.getMessage();
        return message != null && message.startsWith(NOISE) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
