package io.pyrope.sidecar.llm;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts tokens from provider-reported usage (estimates only where none was reported), prices
 * them per model, and keeps daily and monthly spend keyed by UTC date and year-month, so a new
 * day or month starts from zero. Alerts fire once per threshold per period. Thread-safe.
 */
public final class TokenTracker {

    private static final Logger LOG = LoggerFactory.getLogger(TokenTracker.class);

    private final Map<String, ModelPrice> prices;
    private final ModelPrice defaultPrice;
    private final double dayLimit;
    private final double monthLimit;
    private final List<Double> alertFractions;
    private final Clock clock;
    private final Consumer<BudgetAlert> alerts;

    private LocalDate day;
    private YearMonth month;
    private double daySpent;
    private double monthSpent;
    private long promptTokens;
    private long completionTokens;
    private long estimatedCalls;
    private final Set<String> fired = new HashSet<>();

    /** @param dayLimit, monthLimit in cost units; 0 or less means no limit */
    public TokenTracker(Map<String, ModelPrice> prices, ModelPrice defaultPrice, double dayLimit, double monthLimit,
                        List<Double> alertFractions, Clock clock, Consumer<BudgetAlert> alerts) {
        this.prices = Map.copyOf(prices);
        this.defaultPrice = defaultPrice;
        this.dayLimit = dayLimit;
        this.monthLimit = monthLimit;
        this.alertFractions = alertFractions.stream().sorted().toList();
        this.clock = clock;
        this.alerts = alerts;
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        this.day = today;
        this.month = YearMonth.from(today);
    }

    /** Logs alerts at WARN: the default listener. */
    public static Consumer<BudgetAlert> loggingAlerts() {
        return a -> LOG.warn("LLM budget: {} {} reached {}% ({} of {})", a.period(), a.periodKey(),
                Math.round(a.fraction() * 100), String.format("%.4f", a.spent()), a.limit());
    }

    public double record(String model, Usage usage) {
        double cost = prices.getOrDefault(model, defaultPrice).cost(usage);
        List<BudgetAlert> crossed = new java.util.ArrayList<>();
        synchronized (this) {
            roll();
            promptTokens += usage.promptTokens();
            completionTokens += usage.completionTokens();
            if (usage.estimated()) {
                estimatedCalls++;
            }
            daySpent += cost;
            monthSpent += cost;
            check("day", day.toString(), daySpent, dayLimit, crossed);
            check("month", month.toString(), monthSpent, monthLimit, crossed);
        }
        crossed.forEach(alerts);
        return cost;
    }

    private void check(String period, String key, double spent, double limit, List<BudgetAlert> out) {
        if (limit <= 0) {
            return;
        }
        for (double f : alertFractions) {
            if (spent >= f * limit && fired.add(period + "/" + key + "/" + f)) {
                out.add(new BudgetAlert(period, key, f, spent, limit));
            }
        }
    }

    /** True when today's or this month's spend has reached its limit. */
    public synchronized boolean exhausted() {
        roll();
        return (dayLimit > 0 && daySpent >= dayLimit) || (monthLimit > 0 && monthSpent >= monthLimit);
    }

    public synchronized TokenStats stats() {
        roll();
        return new TokenStats(promptTokens, completionTokens, estimatedCalls, daySpent, dayLimit, monthSpent,
                monthLimit, (dayLimit > 0 && daySpent >= dayLimit) || (monthLimit > 0 && monthSpent >= monthLimit));
    }

    private void roll() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!today.equals(day)) {
            day = today;
            daySpent = 0;
        }
        YearMonth thisMonth = YearMonth.from(today);
        if (!thisMonth.equals(month)) {
            month = thisMonth;
            monthSpent = 0;
        }
        fired.removeIf(k -> !k.contains("/" + day + "/") && !k.contains("/" + month + "/"));
    }
}
