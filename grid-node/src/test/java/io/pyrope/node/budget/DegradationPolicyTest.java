package io.pyrope.node.budget;

import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.EffortReason;
import io.pyrope.domain.ExhaustedAction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DegradationPolicyTest {
    private static final Instant LATE_IN_MONTH = Instant.parse("2026-11-29T12:00:00Z");
    private static final BudgetPolicy NO_PACING = new BudgetPolicy(1000, 0.3, 0.2, false, 0.5, ExhaustedAction.MIN_EFFORT, 0);

    @Test
    void fullEffortWhileTheBudgetIsHealthyOrUnlimited() {
        assertThat(DegradationPolicy.decide(BudgetPolicy.UNLIMITED, 1e12, LATE_IN_MONTH)).isEqualTo(BudgetVerdict.FULL);
        assertThat(DegradationPolicy.decide(NO_PACING, 0, LATE_IN_MONTH)).isEqualTo(BudgetVerdict.FULL);
        // 30 % remaining is the threshold: full effort at and above it.
        assertThat(DegradationPolicy.decide(NO_PACING, 700, LATE_IN_MONTH).scale()).isEqualTo(1.0);
        assertThat(DegradationPolicy.decide(NO_PACING, 701, LATE_IN_MONTH).reason()).isEqualTo(EffortReason.BUDGET);
    }

    @Test
    void effortFallsSmoothlyAndMonotonicallyToTheFloor() {
        double previous = 1.0;
        Set<Long> distinct = new HashSet<>();
        for (double spent = 0; spent < 1000; spent += 2.5) {
            BudgetVerdict v = DegradationPolicy.decide(NO_PACING, spent, LATE_IN_MONTH);
            assertThat(v.action()).isEqualTo(BudgetVerdict.Action.RUN);
            assertThat(v.scale()).as("spent %s", spent).isLessThanOrEqualTo(previous).isGreaterThanOrEqualTo(0.2);
            // Smooth: no step larger than a few percent between neighbouring budget positions.
            assertThat(previous - v.scale()).as("step at spent %s", spent).isLessThan(0.03);
            distinct.add(Math.round(v.scale() * 1000));
            previous = v.scale();
        }
        assertThat(distinct).as("many effort levels, not a halving").hasSizeGreaterThan(50);
        assertThat(DegradationPolicy.decide(NO_PACING, 999.99, LATE_IN_MONTH).scale()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void monotoneWithPacingToo() {
        BudgetPolicy paced = new BudgetPolicy(1000, 0.25, 0.25, true, 0.5, ExhaustedAction.REJECT, 0);
        for (Instant t : new Instant[]{Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-15T00:00:00Z"),
                Instant.parse("2026-11-30T23:00:00Z")}) {
            double previous = 1.0;
            for (double spent = 0; spent < 1000; spent += 5) {
                double s = DegradationPolicy.decide(paced, spent, t).scale();
                assertThat(s).as("spent %s at %s", spent, t).isLessThanOrEqualTo(previous);
                previous = s;
            }
        }
    }

    @Test
    void spendingAheadOfPaceDegradesEarlyInTheMonth() {
        BudgetPolicy paced = new BudgetPolicy(3000, 0.25, 0.25, true, 0.5, ExhaustedAction.MIN_EFFORT, 0);
        Instant day10 = Instant.parse("2026-11-10T00:00:00Z"); // 30 % of November elapsed: even pace = 900
        assertThat(DegradationPolicy.decide(paced, 1300, day10).scale()).isEqualTo(1.0); // 1.44x pace: within 1.5x
        BudgetVerdict ahead = DegradationPolicy.decide(paced, 2000, day10); // 2.2x pace
        assertThat(ahead.reason()).isEqualTo(EffortReason.PACING);
        assertThat(ahead.scale()).isBetween(0.25, 1.0).isLessThan(1.0);
        assertThat(DegradationPolicy.decide(paced, 2000, Instant.parse("2026-11-28T00:00:00Z")).scale())
                .as("the same spend late in the month is on pace").isEqualTo(1.0);
    }

    @Test
    void exhaustedBudgetFollowsTheTenantsAction() {
        for (ExhaustedAction a : ExhaustedAction.values()) {
            BudgetPolicy p = new BudgetPolicy(10, 0.25, 0.3, false, 0.5, a, 0);
            BudgetVerdict v = DegradationPolicy.decide(p, 10, LATE_IN_MONTH);
            assertThat(v.reason()).isEqualTo(EffortReason.EXHAUSTED);
            switch (a) {
                case REJECT -> assertThat(v.action()).isEqualTo(BudgetVerdict.Action.REJECT);
                case CACHE_ONLY -> assertThat(v.action()).isEqualTo(BudgetVerdict.Action.CACHE_ONLY);
                case MIN_EFFORT -> assertThat(v.scale()).isEqualTo(0.3);
            }
        }
    }

    @Test
    void elapsedFractionIsPerCalendarMonthInUtc() {
        assertThat(DegradationPolicy.elapsedFraction(Instant.parse("2026-12-16T12:00:00Z"))).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(DegradationPolicy.elapsedFraction(Instant.parse("2027-01-01T00:00:00Z"))).as("first day floor").isCloseTo(1.0 / 31, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(DegradationPolicy.elapsedFraction(Instant.parse("2028-02-15T00:00:00Z"))).as("leap February").isCloseTo(14.0 / 29, org.assertj.core.data.Offset.offset(1e-9));
    }
}
