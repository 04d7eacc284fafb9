package io.pyrope.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchEffortTest {
    @Test
    void theDefaultIsFlatForSmallGraphsAndGrowsPerDoublingBeyond() {
        assertThat(SearchEffort.defaultEf(0)).isEqualTo(64);
        assertThat(SearchEffort.defaultEf(100_000)).isEqualTo(64);
        assertThat(SearchEffort.defaultEf(200_000)).isEqualTo(128);
        assertThat(SearchEffort.defaultEf(400_000)).isEqualTo(192);
        assertThat(SearchEffort.defaultEf(1_000_000)).isBetween(270, 285);
        assertThat(SearchEffort.defaultEf(Long.MAX_VALUE)).isBetween(SearchEffort.defaultEf(1_000_000_000), Limits.MAX_EF);
    }

    @Test
    void anExplicitEfWinsAndNothingGoesBelowTopK() {
        assertThat(SearchEffort.resolve(16, 10, 5_000_000)).isEqualTo(16);
        assertThat(SearchEffort.resolve(5, 10, 1_000)).isEqualTo(10);
        assertThat(SearchEffort.resolve(0, 200, 1_000)).isEqualTo(200);
        assertThat(SearchEffort.resolve(0, 10, 1_000)).isEqualTo(64);
    }
}
