package io.pyrope.node.audit;

import io.pyrope.domain.PyropeException;
import io.pyrope.node.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The audit trail of administrative actions: one line per action on the {@value #LOGGER} logger
 * (routed to its own file by the logging config) saying when, who (tenant and public key id,
 * never the key), what, on what, and the outcome (OK or the error code). Thread-safe.
 */
public final class AuditLog {
    public static final String LOGGER = "pyrope.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    /** Runs an admin action and records it, whether it succeeds or fails. */
    public <T> T record(Caller caller, String action, String target, Supplier<T> run) {
        try {
            T result = run.get();
            write(caller, action, target, "OK");
            return result;
        } catch (PyropeException e) {
            write(caller, action, target, e.code().name());
            throw e;
        } catch (RuntimeException e) {
            write(caller, action, target, "INTERNAL");
            throw e;
        }
    }

    private void write(Caller caller, String action, String target, String outcome) {
        String who = caller.admin() ? "admin" : caller.tenant().map(t -> t.value()).orElse("-") + "/" + caller.keyId();
        LOG.info("at={} actor={} role={} action={} target={} outcome={}", Instant.ofEpochMilli(clock.millis()), who,
                caller.admin() ? "CLUSTER_ADMIN" : caller.role(), action, target.isEmpty() ? "-" : target, outcome);
    }
}
