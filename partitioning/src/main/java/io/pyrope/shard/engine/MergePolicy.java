package io.pyrope.shard.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which graph segments to rewrite next (pure). In order: a segment with too many tombstones is
 * rewritten alone (purging them); a size tier (sizes within a factor {@code mergeFactor} of each
 * other) holding {@code mergeFactor} segments is merged; beyond {@code maxSegments} the smallest
 * segments are merged. Each merge moves entries up a tier, so the work per entry is logarithmic
 * and the number of graphs a search visits stays small.
 */
final class MergePolicy {
    private final int mergeFactor;
    private final int maxSegments;
    private final double maxDeadRatio;
    private final int baseSize;

    MergePolicy(int mergeFactor, int maxSegments, double maxDeadRatio, int baseSize) {
        this.mergeFactor = mergeFactor;
        this.maxSegments = maxSegments;
        this.maxDeadRatio = maxDeadRatio;
        this.baseSize = Math.max(1, baseSize);
    }

    /** One segment's sizes as the policy sees them. */
    record Segment(int live, int total) {
        double deadRatio() {
            return total == 0 ? 0 : 1.0 - (double) live / total;
        }
    }

    /** Indexes into {@code segments} to rewrite into one, or an empty list. */
    List<Integer> select(List<Segment> segments) {
        int worst = -1;
        for (int i = 0; i < segments.size(); i++) {
            double r = segments.get(i).deadRatio();
            if (r > maxDeadRatio && (worst < 0 || r > segments.get(worst).deadRatio())) {
                worst = i;
            }
        }
        if (worst >= 0) {
            return List.of(worst);
        }
        List<Integer> bySize = IntStream.range(0, segments.size()).boxed()
                .sorted(Comparator.comparingInt(i -> segments.get(i).live())).toList();
        List<Integer> tier = new ArrayList<>();
        int current = -1;
        for (int i : bySize) {
            int t = tier(segments.get(i).live());
            if (t != current) {
                tier.clear();
                current = t;
            }
            tier.add(i);
            if (tier.size() == mergeFactor) {
                return List.copyOf(tier);
            }
        }
        if (segments.size() > maxSegments) {
            return List.copyOf(bySize.subList(0, Math.max(2, segments.size() - maxSegments + 1)));
        }
        return List.of();
    }

    private int tier(int live) {
        int t = 0;
        long bound = (long) baseSize * mergeFactor;
        while (live >= bound) {
            t++;
            bound *= mergeFactor;
        }
        return t;
    }
}
