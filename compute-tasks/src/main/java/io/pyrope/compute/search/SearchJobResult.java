package io.pyrope.compute.search;

import io.pyrope.domain.SearchHit;
import io.pyrope.shard.ShardHit;
import io.pyrope.shard.ShardSearchResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shard's answer, or the news that the node is no longer primary for some of its partitions
 * ({@code stale}), in which case the hits are not used. Parallel arrays: cheap to marshal.
 */
public final class SearchJobResult {
    private final int[] partitions;
    private final boolean stale;
    private final String[] ids;
    private final float[] scores;
    private final String[][] metaKeys;
    private final String[][] metaValues;
    private final float[][] vectors;
    private final long distanceComputations;
    private final int efUsed;
    private final int nprobeUsed;
    private final long work;

    private SearchJobResult(int[] partitions, boolean stale, String[] ids, float[] scores, String[][] metaKeys,
                            String[][] metaValues, float[][] vectors, long distanceComputations, int efUsed,
                            int nprobeUsed, long work) {
        this.partitions = partitions;
        this.stale = stale;
        this.ids = ids;
        this.scores = scores;
        this.metaKeys = metaKeys;
        this.metaValues = metaValues;
        this.vectors = vectors;
        this.distanceComputations = distanceComputations;
        this.efUsed = efUsed;
        this.nprobeUsed = nprobeUsed;
        this.work = work;
    }

    static SearchJobResult stale(int[] partitions) {
        return new SearchJobResult(partitions, true, new String[0], new float[0], null, null, null, 0, 0, 0, 0);
    }

    static SearchJobResult of(int[] partitions, ShardSearchResult r, boolean withMetadata, boolean withVectors) {
        int n = r.hits().size();
        String[] ids = new String[n];
        float[] scores = new float[n];
        String[][] mk = withMetadata ? new String[n][] : null;
        String[][] mv = withMetadata ? new String[n][] : null;
        float[][] vec = withVectors ? new float[n][] : null;
        for (int i = 0; i < n; i++) {
            ShardHit h = r.hits().get(i);
            ids[i] = h.id();
            scores[i] = h.score();
            if (withMetadata) {
                Map<String, String> md = h.metadata() == null ? Map.of() : h.metadata();
                mk[i] = md.keySet().toArray(new String[0]);
                mv[i] = new String[mk[i].length];
                for (int j = 0; j < mk[i].length; j++) {
                    mv[i][j] = md.get(mk[i][j]);
                }
            }
            if (withVectors) {
                vec[i] = h.values() == null ? new float[0] : h.values();
            }
        }
        return new SearchJobResult(partitions, false, ids, scores, mk, mv, vec, r.distanceComputations(), r.efUsed(),
                r.nprobeUsed(), r.work());
    }

    public int[] partitions() {
        return partitions;
    }

    public boolean stale() {
        return stale;
    }

    public long distanceComputations() {
        return distanceComputations;
    }

    public int efUsed() {
        return efUsed;
    }

    public int nprobeUsed() {
        return nprobeUsed;
    }

    /** Dimension-weighted work of the shard search (see ShardSearchResult). */
    public long work() {
        return work;
    }

    public List<SearchHit> hits() {
        List<SearchHit> out = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            Map<String, String> md = Map.of();
            if (metaKeys != null && metaKeys[i].length > 0) {
                Map<String, String> m = new HashMap<>();
                for (int j = 0; j < metaKeys[i].length; j++) {
                    m.put(metaKeys[i][j], metaValues[i][j]);
                }
                md = Map.copyOf(m);
            }
            out.add(new SearchHit(ids[i], scores[i], md, vectors == null ? null : vectors[i]));
        }
        return out;
    }
}
