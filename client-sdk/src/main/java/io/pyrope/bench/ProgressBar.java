package io.pyrope.bench;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A load progress bar on stderr: {@code [#####     ] 52% 5200/10000 48k vec/s}. On a terminal it
 * redraws one line in place (at most 5 times a second); otherwise it prints a line per 10 % so
 * logs are not flooded. Thread-safe: workers call {@link #advance}; whoever gets the lock draws.
 */
final class ProgressBar {
    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean inPlace;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final AtomicLong done = new AtomicLong();
    private final ReentrantLock drawLock = new ReentrantLock();
    private long lastDrawNanos;
    private int lastDecile = -1;

    ProgressBar(String label, long total, PrintStream out, BenchOptions.Progress mode, LongSupplier nanoTime) {
        this.label = label;
        this.total = Math.max(1, total);
        this.out = out;
        this.nanoTime = nanoTime;
        this.enabled = mode != BenchOptions.Progress.NONE;
        // System.console() is non-null only when the process talks to a terminal (Java 17 has no
        // per-stream check); a redirected stderr under a terminal is rare for a bench.
        this.inPlace = mode == BenchOptions.Progress.TTY || (mode == BenchOptions.Progress.AUTO && System.console() != null);
        this.startNanos = nanoTime.getAsLong();
    }

    void advance(long n) {
        long now = done.addAndGet(n);
        if (enabled && drawLock.tryLock()) {
            try {
                long t = nanoTime.getAsLong();
                if (inPlace) {
                    if (t - lastDrawNanos >= REDRAW_NANOS) {
                        lastDrawNanos = t;
                        out.print("\r" + render(label, now, total, t - startNanos, WIDTH));
                        out.flush();
                    }
                } else {
                    int decile = (int) Math.min(10, now * 10 / total);
                    if (decile > lastDecile && decile < 10) {
                        lastDecile = decile;
                        out.println(render(label, now, total, t - startNanos, WIDTH));
                    }
                }
            } finally {
                drawLock.unlock();
            }
        }
    }

    long done() {
        return done.get();
    }

    /** Draws the final state and ends the line. */
    void finish() {
        if (!enabled) {
            return;
        }
        drawLock.lock();
        try {
            String line = render(label, done.get(), total, nanoTime.getAsLong() - startNanos, WIDTH);
            out.print(inPlace ? "\r" + line + "\n" : line + "\n");
            out.flush();
        } finally {
            drawLock.unlock();
        }
    }

    static String render(String label, long done, long total, long elapsedNanos, int width) {
        double fraction = Math.min(1.0, (double) done / Math.max(1, total));
        int filled = (int) Math.round(fraction * width);
        double rate = elapsedNanos <= 0 ? 0 : done / (elapsedNanos / 1e9);
        return label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                + String.format(java.util.Locale.ROOT, "%3d%% %d/%d %s vec/s", (int) Math.floor(fraction * 100), done, total, human(rate));
    }

    static String human(double rate) {
        if (rate >= 1e6) {
            return String.format(java.util.Locale.ROOT, "%.1fM", rate / 1e6);
        }
        if (rate >= 1e3) {
            return String.format(java.util.Locale.ROOT, "%.0fk", rate / 1e3);
        }
        return String.format(java.util.Locale.ROOT, "%.0f", rate);
    }
}
