package io.pyrope.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {

    @Test
    void nearestRankOnOneToHundred() {
        long[] samples = LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray(); // unsorted input
        Percentiles p = new Percentiles(samples);
        assertThat(p.nanos(50)).isEqualTo(50);
        assertThat(p.nanos(95)).isEqualTo(95);
        assertThat(p.nanos(99)).isEqualTo(99);
        assertThat(p.nanos(100)).isEqualTo(100);
        assertThat(p.nanos(0)).isEqualTo(1);
        assertThat(p.count()).isEqualTo(100);
    }

    @Test
    void smallAndEmptySamples() {
        assertThat(new Percentiles(new long[]{7}).nanos(99)).isEqualTo(7);
        assertThat(new Percentiles(new long[]{1, 1000}).nanos(50)).isEqualTo(1);
        assertThat(new Percentiles(new long[]{1, 1000}).nanos(51)).isEqualTo(1000);
        assertThat(new Percentiles(new long[0]).nanos(50)).isZero();
        assertThat(new Percentiles(new long[]{2_500_000}).millis(50)).isEqualTo(2.5);
    }

    @Test
    void inputIsNotModified() {
        long[] samples = {3, 1, 2};
        new Percentiles(samples);
        assertThat(samples).containsExactly(3, 1, 2);
    }
}
