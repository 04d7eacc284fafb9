package io.pyrope.shard.engine;

import io.pyrope.domain.MetadataFilter;
import io.pyrope.shard.PartitionSet;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Live ids by partition and by metadata key=value: counts the candidates of a restricted query
 * cheaply (to choose graph or exact search) and enumerates them for the exact path, and lists a
 * partition for removePartition. Mutated only under the shard's write lock; read concurrently.
 */
final class SecondaryIndex {
    private final ConcurrentHashMap<Integer, Set<String>> byPartition = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Set<String>>> byMetadata = new ConcurrentHashMap<>();
    private volatile AtomicIntegerArray partitionCounts = new AtomicIntegerArray(64);

    void add(String id, int partition, Map<String, String> md) {
        byPartition.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(id);
        bumpPartition(partition, 1);
        for (Map.Entry<String, String> e : md.entrySet()) {
            byMetadata.computeIfAbsent(e.getKey(), k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(e.getValue(), v -> ConcurrentHashMap.newKeySet()).add(id);
        }
    }

    void remove(String id, int partition, Map<String, String> md) {
        Set<String> ids = byPartition.get(partition);
        if (ids != null && ids.remove(id)) {
            bumpPartition(partition, -1);
            if (ids.isEmpty()) {
                byPartition.remove(partition);
            }
        }
        for (Map.Entry<String, String> e : md.entrySet()) {
            removePosting(id, e.getKey(), e.getValue());
        }
    }

    /** Adds the new postings before removing the old ones so a concurrent reader never loses the id. */
    void replace(String id, int oldPartition, Map<String, String> oldMd, int partition, Map<String, String> md) {
        if (oldPartition != partition) {
            byPartition.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(id);
            bumpPartition(partition, 1);
            Set<String> ids = byPartition.get(oldPartition);
            if (ids != null && ids.remove(id)) {
                bumpPartition(oldPartition, -1);
                if (ids.isEmpty()) {
                    byPartition.remove(oldPartition);
                }
            }
        }
        if (oldMd.isEmpty() && md.isEmpty()) {
            return;
        }
        for (Map.Entry<String, String> e : md.entrySet()) {
            if (!e.getValue().equals(oldMd.get(e.getKey()))) {
                byMetadata.computeIfAbsent(e.getKey(), k -> new ConcurrentHashMap<>())
                        .computeIfAbsent(e.getValue(), v -> ConcurrentHashMap.newKeySet()).add(id);
            }
        }
        for (Map.Entry<String, String> e : oldMd.entrySet()) {
            if (!Objects.equals(md.get(e.getKey()), e.getValue())) {
                removePosting(id, e.getKey(), e.getValue());
            }
        }
    }

    Set<String> partition(int partition) {
        Set<String> ids = byPartition.get(partition);
        return ids == null ? Set.of() : ids;
    }

    /** Live entries in the allowed partitions. */
    long count(PartitionSet allowed) {
        AtomicIntegerArray counts = partitionCounts;
        long sum = 0;
        for (int p = 0; p < counts.length(); p++) {
            int c = counts.get(p);
            if (c > 0 && allowed.contains(p)) {
                sum += c;
            }
        }
        return sum;
    }

    /** The smallest posting list among the filter's key=value pairs (a superset of the matches). */
    Set<String> smallestPosting(MetadataFilter filter) {
        Set<String> best = null;
        for (Map.Entry<String, String> e : filter.mustEqual().entrySet()) {
            Map<String, Set<String>> values = byMetadata.get(e.getKey());
            Set<String> ids = values == null ? null : values.get(e.getValue());
            if (ids == null) {
                return Set.of();
            }
            if (best == null || ids.size() < best.size()) {
                best = ids;
            }
        }
        return best;
    }

    void clear() {
        byPartition.clear();
        byMetadata.clear();
        partitionCounts = new AtomicIntegerArray(64);
    }

    private void removePosting(String id, String key, String value) {
        Map<String, Set<String>> values = byMetadata.get(key);
        Set<String> ids = values == null ? null : values.get(value);
        if (ids != null && ids.remove(id) && ids.isEmpty()) {
            values.remove(value);
            if (values.isEmpty()) {
                byMetadata.remove(key);
            }
        }
    }

    private void bumpPartition(int partition, int delta) {
        AtomicIntegerArray counts = partitionCounts;
        if (partition >= counts.length()) {
            AtomicIntegerArray grown = new AtomicIntegerArray(Math.max(partition + 1, counts.length() * 2));
            for (int i = 0; i < counts.length(); i++) {
                grown.set(i, counts.get(i));
            }
            partitionCounts = grown;
            counts = grown;
        }
        counts.addAndGet(partition, delta);
    }
}
