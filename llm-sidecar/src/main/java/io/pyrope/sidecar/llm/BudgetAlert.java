package io.pyrope.sidecar.llm;

/**
 * A budget threshold crossed: {@code period} is "day" or "month", {@code periodKey} the UTC day
 * (2026-11-25) or month (2026-11), {@code fraction} the threshold (e.g. 0.8 or 1.0).
 */
public record BudgetAlert(String period, String periodKey, double fraction, double spent, double limit) {
}
