package io.pyrope.bench;

import java.util.HashSet;
import java.util.Set;

/** recall@k: the fraction of the true k nearest neighbours that a search returned in its top k. */
final class Recall {
    private Recall() {
    }

    /** Mean over queries; a missing result (null) counts as zero hits. */
    static double atK(int[][] truth, int[][] found, int k) {
        if (truth.length == 0) {
            return Double.NaN;
        }
        long hits = 0;
        long wanted = 0;
        for (int q = 0; q < truth.length; q++) {
            int kk = Math.min(k, truth[q].length);
            wanted += kk;
            if (found[q] == null) {
                continue;
            }
            Set<Integer> expected = new HashSet<>();
            for (int i = 0; i < kk; i++) {
                expected.add(truth[q][i]);
            }
            for (int i = 0; i < Math.min(kk, found[q].length); i++) {
                if (expected.remove(found[q][i])) {
                    hits++;
                }
            }
        }
        return wanted == 0 ? Double.NaN : (double) hits / wanted;
    }
}
