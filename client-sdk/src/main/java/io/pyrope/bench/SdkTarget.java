package io.pyrope.bench;

import io.pyrope.client.ClusterInfo;
import io.pyrope.client.PyropeClient;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.VectorRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The bench over the Java SDK (Ignite thin client): upsert batches, single searches. */
final class SdkTarget implements BenchTarget {
    private final PyropeClient client;

    SdkTarget(String target, String apiKey) {
        this(PyropeClient.builder().addresses(target.split(",")).apiKey(apiKey)
                .requestTimeout(Duration.ofMinutes(2)).bypassResultCaches(true).build());
    }

    /** Over any client, e.g. the in-memory fake in tests. */
    SdkTarget(PyropeClient client) {
        this.client = client;
    }

    @Override
    public void createIndex(IndexSpec spec) {
        client.createIndex(spec);
    }

    @Override
    public void dropIndex(String index) {
        client.dropIndex(index);
    }

    @Override
    public void load(String index, float[][] base, int from, int to, int batch, LoadListener listener) {
        for (int start = from; start < to; start += batch) {
            int end = Math.min(to, start + batch);
            List<VectorRecord> records = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                records.add(new VectorRecord(BenchTarget.id(i), base[i]));
            }
            long n = client.upsert(index, records);
            listener.sent(end - start);
            listener.acknowledged(n);
        }
    }

    @Override
    public int[] search(String index, float[] query, int k, int ef, int nprobe) {
        SearchResult r = client.search(index, new SearchQuery(query, k, ef, null, false, false, nprobe));
        int[] out = new int[r.hits().size()];
        int i = 0;
        for (SearchHit h : r.hits()) {
            out[i++] = BenchTarget.ordinal(h.id());
        }
        return out;
    }

    @Override
    public IndexState indexState(String index) {
        ClusterInfo info = client.clusterInfo();
        List<ClusterInfo.Shard> shards = info.nodes().stream().flatMap(n -> n.shards().stream())
                .filter(s -> s.index().equals(index)).toList();
        long maxHead = shards.stream().mapToLong(ClusterInfo.Shard::headVectors).max().orElse(0);
        return shards.isEmpty() ? null : new IndexState(info.storedVectors(index), info.headVectors(index), maxHead);
    }

    @Override
    public void close() {
        client.close();
    }
}
