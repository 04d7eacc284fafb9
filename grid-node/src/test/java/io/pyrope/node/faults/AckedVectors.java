package io.pyrope.node.faults;

import io.pyrope.api.v1.GetRequest;
import io.pyrope.api.v1.GetResponse;
import io.pyrope.api.v1.SearchHit;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Vector;
import io.pyrope.api.v1.VectorServiceGrpc.VectorServiceBlockingStub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client knows about one index: every vector whose upsert was acknowledged (id → values),
 * and the exact answer to a query over them (brute-force cosine), to check what the cluster says.
 */
final class AckedVectors {
    private final String index;
    private final Map<String, float[]> acked = new ConcurrentHashMap<>();

    AckedVectors(String index) {
        this.index = index;
    }

    String index() {
        return index;
    }

    int size() {
        return acked.size();
    }

    /** Records a batch once its upsert was acknowledged. */
    void acknowledged(Map<String, float[]> batch) {
        acked.putAll(batch);
    }

    /** Records ids whose delete was acknowledged. */
    void forgot(java.util.Collection<String> ids) {
        ids.forEach(acked::remove);
    }

    static UpsertRequest upsert(String index, Map<String, float[]> batch) {
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setIndex(index);
        batch.forEach((id, values) -> {
            Vector.Builder v = Vector.newBuilder().setId(id);
            for (float f : values) {
                v.addValues(f);
            }
            b.addVectors(v);
        });
        return b.build();
    }

    /** A search of the k nearest, bypassing the result caches (every call really searches). */
    SearchRequest search(float[] query, int k, int ef) {
        SearchRequest.Builder b = SearchRequest.newBuilder().setIndex(index).setTopK(k).setEf(ef).setBypassCache(true);
        for (float f : query) {
            b.addQuery(f);
        }
        return b.build();
    }

    /** The exact k nearest ids by cosine similarity, best first. */
    List<String> truth(float[] query, int k) {
        double qn = norm(query);
        record Scored(String id, double score) {
        }
        List<Scored> all = new ArrayList<>(acked.size());
        acked.forEach((id, v) -> {
            double dot = 0;
            for (int d = 0; d < v.length; d++) {
                dot += (double) query[d] * v[d];
            }
            all.add(new Scored(id, dot / (qn * norm(v))));
        });
        all.sort(Comparator.comparingDouble(Scored::score).reversed());
        return all.subList(0, Math.min(k, all.size())).stream().map(Scored::id).toList();
    }

    static List<String> ids(SearchResponse r) {
        return r.getHitsList().stream().map(SearchHit::getId).toList();
    }

    /** Fraction of the exact top-k found by the cluster's answers to {@code queries}. */
    double recall(VectorServiceBlockingStub vectors, float[][] queries, int k, int ef) {
        int found = 0;
        for (float[] q : queries) {
            SearchResponse r = vectors.search(search(q, k, ef));
            assertThat(r.getPartial()).as("a search of a settled cluster is complete").isFalse();
            List<String> truth = truth(q, k);
            found += (int) ids(r).stream().filter(truth::contains).count();
        }
        return (double) found / (queries.length * k);
    }

    /** Every acknowledged vector can be read back with exactly the values written. */
    void assertAllPresent(VectorServiceBlockingStub vectors) {
        List<String> ids = new ArrayList<>(acked.keySet());
        int found = 0;
        for (int from = 0; from < ids.size(); from += 1000) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            GetResponse got = vectors.get(GetRequest.newBuilder().setIndex(index).addAllIds(chunk).setIncludeVectors(true).build());
            for (Vector v : got.getVectorsList()) {
                float[] expected = acked.get(v.getId());
                float[] actual = new float[v.getValuesCount()];
                for (int d = 0; d < actual.length; d++) {
                    actual[d] = v.getValues(d);
                }
                assertThat(Arrays.equals(actual, expected)).as("content of " + v.getId()).isTrue();
                found++;
            }
        }
        assertThat(found).as("acknowledged vectors of " + index + " readable").isEqualTo(ids.size());
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }
}
