package io.pyrope.shard.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MergePolicyTest {
    private final MergePolicy policy = new MergePolicy(4, 6, 0.25, 256);

    private static MergePolicy.Segment live(int n) {
        return new MergePolicy.Segment(n, n);
    }

    @Test
    void leavesFewSegmentsOfDifferentTiersAlone() {
        assertThat(policy.select(List.of(live(300), live(5_000), live(90_000)))).isEmpty();
        assertThat(policy.select(List.of())).isEmpty();
    }

    @Test
    void mergesATierOfMergeFactorSegments() {
        List<MergePolicy.Segment> s = List.of(live(300), live(80_000), live(400), live(500), live(900));
        assertThat(policy.select(s)).containsExactlyInAnyOrder(0, 2, 3, 4);
    }

    @Test
    void rewritesTheSegmentWithTooManyTombstonesFirst() {
        List<MergePolicy.Segment> s = List.of(live(300), new MergePolicy.Segment(600, 1000), new MergePolicy.Segment(10, 1000),
                live(400), live(500), live(700));
        assertThat(policy.select(s)).containsExactly(2);
    }

    @Test
    void capsTheNumberOfSegmentsByMergingTheSmallest() {
        List<MergePolicy.Segment> s = new ArrayList<>();
        int size = 300;
        for (int i = 0; i < 8; i++) {
            s.add(live(size));
            size *= 3; // every segment in its own tier, mostly
        }
        List<Integer> chosen = policy.select(s);
        assertThat(chosen).isNotEmpty();
        assertThat(chosen).allMatch(i -> i < 4);
    }

    @Test
    void repeatedMergingConverges() {
        List<MergePolicy.Segment> s = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            s.add(live(256 + i));
        }
        int rounds = 0;
        List<Integer> chosen;
        while (!(chosen = policy.select(s)).isEmpty()) {
            int merged = 0;
            for (int i : chosen) {
                merged += s.get(i).live();
            }
            List<MergePolicy.Segment> next = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                if (!chosen.contains(i)) {
                    next.add(s.get(i));
                }
            }
            next.add(live(merged));
            s = next;
            assertThat(++rounds).isLessThan(40);
        }
        assertThat(s.size()).isLessThanOrEqualTo(6);
        assertThat(s.stream().mapToInt(MergePolicy.Segment::live).sum()).isEqualTo(40 * 256 + 780);
    }
}
