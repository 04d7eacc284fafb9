package io.pyrope.client;

import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.Validation;
import io.pyrope.domain.VectorRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** One index of the in-memory fake: exact search over a map, guarded by the index's monitor. */
final class InMemoryIndex {
    /** Best first; ties broken by id so results are deterministic. */
    private static final Comparator<SearchHit> BEST_FIRST =
            Comparator.comparingDouble((SearchHit h) -> -h.score()).thenComparing(SearchHit::id);

    private final IndexSpec spec;
    private final long createdAtMs;
    private final Map<String, VectorRecord> vectors = new LinkedHashMap<>();

    InMemoryIndex(IndexSpec spec, long createdAtMs) {
        this.spec = spec;
        this.createdAtMs = createdAtMs;
    }

    synchronized IndexInfo info() {
        return new IndexInfo(spec, vectors.size(),
                new io.pyrope.domain.CentroidInfo(spec.centroids(), 0, 0, 0), createdAtMs);
    }

    synchronized int size() {
        return vectors.size();
    }

    synchronized long upsert(List<VectorRecord> batch) {
        Validation.validateUpsert(spec, batch);
        for (VectorRecord v : batch) {
            vectors.put(v.id(), v);
        }
        return batch.size();
    }

    synchronized List<VectorRecord> get(List<String> ids, boolean includeVectors) {
        Validation.validateIds("get", ids);
        List<VectorRecord> out = new ArrayList<>();
        for (String id : ids) {
            VectorRecord v = vectors.get(id);
            if (v != null) {
                out.add(includeVectors ? v : new VectorRecord(v.id(), new float[0], v.metadata()));
            }
        }
        return out;
    }

    synchronized long delete(List<String> ids) {
        Validation.validateIds("delete", ids);
        long deleted = 0;
        for (String id : ids) {
            if (vectors.remove(id) != null) {
                deleted++;
            }
        }
        return deleted;
    }

    synchronized SearchResult search(SearchQuery query) {
        Validation.validateSearch(spec, query);
        // Min-heap of the best topK so far: the head is the worst kept hit.
        PriorityQueue<SearchHit> best = new PriorityQueue<>(BEST_FIRST.reversed());
        long computed = 0;
        for (VectorRecord v : vectors.values()) {
            if (!query.filter().matches(v.metadata())) {
                continue;
            }
            computed++;
            float score = Similarity.score(spec.metric(), query.vector(), v.values());
            best.add(new SearchHit(v.id(), score, query.includeMetadata() ? v.metadata() : Map.of(),
                    query.includeVectors() ? v.valuesCopy() : new float[0]));
            if (best.size() > query.topK()) {
                best.poll();
            }
        }
        List<SearchHit> hits = new ArrayList<>(best);
        hits.sort(BEST_FIRST);
        // Exact like an IVF index probing every list, but it reports the effort the server would use.
        return new SearchResult(hits, spec.isIvf() ? 0 : query.effectiveEf(), false, 1, computed,
                spec.resolveNprobe(query.nprobe()), computed * spec.dimension());
    }
}
