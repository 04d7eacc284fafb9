package io.pyrope.compute.search;

import io.pyrope.domain.SearchHit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Merges per-shard hit lists (each best first) into one top-k list, best first. */
public final class TopK {
    private static final Comparator<SearchHit> BEST_FIRST =
            Comparator.comparingDouble((SearchHit h) -> h.score()).reversed().thenComparing(SearchHit::id);

    private TopK() {
    }

    public static List<SearchHit> merge(List<List<SearchHit>> perShard, int k) {
        List<SearchHit> all = new ArrayList<>();
        for (List<SearchHit> hits : perShard) {
            all.addAll(hits);
        }
        all.sort(BEST_FIRST);
        // Shards search disjoint partitions, so an id appears once; keep the best defensively.
        List<SearchHit> out = new ArrayList<>(Math.min(k, all.size()));
        Set<String> seen = new HashSet<>();
        for (SearchHit h : all) {
            if (out.size() == k) {
                break;
            }
            if (seen.add(h.id())) {
                out.add(h);
            }
        }
        return out;
    }
}
