package io.pyrope.domain;

/** Why a search ran at less than the effort it asked for. */
public enum EffortReason {
    /** Full effort. */
    FULL,
    /** The tenant's remaining monthly budget is below its degradation threshold. */
    BUDGET,
    /** The tenant is spending faster than its budget allows for the rest of the month. */
    PACING,
    /** The search p99 of the tenant or the node is above its target (SLO guardrail). */
    LATENCY,
    /** The monthly budget is spent and the tenant's policy serves minimum effort. */
    EXHAUSTED
}
