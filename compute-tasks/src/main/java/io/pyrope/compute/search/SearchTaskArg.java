package io.pyrope.compute.search;

import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardQuery;

import java.util.HashMap;
import java.util.Map;

/** What every search job needs, in marshaller-friendly fields (no records, no JDK maps). */
public final class SearchTaskArg {
    private final String tenant;
    private final String index;
    private final float[] vector;
    private final int topK;
    private final int ef;
    private final int nprobe;
    private final String[] filterKeys;
    private final String[] filterValues;
    private final boolean includeMetadata;
    private final boolean includeVectors;

    public SearchTaskArg(TenantId tenant, String index, SearchQuery query, int ef) {
        this.tenant = tenant.value();
        this.index = index;
        this.vector = query.vector();
        this.topK = query.topK();
        this.ef = ef;
        this.nprobe = query.nprobe();
        Map<String, String> f = query.filter().mustEqual();
        this.filterKeys = f.keySet().toArray(new String[0]);
        this.filterValues = new String[filterKeys.length];
        for (int i = 0; i < filterKeys.length; i++) {
            filterValues[i] = f.get(filterKeys[i]);
        }
        this.includeMetadata = query.includeMetadata();
        this.includeVectors = query.includeVectors();
    }

    public ShardKey shardKey() {
        return new ShardKey(new TenantId(tenant), index);
    }

    public int topK() {
        return topK;
    }

    public int ef() {
        return ef;
    }

    public ShardQuery shardQuery(PartitionSet partitions) {
        Map<String, String> f = new HashMap<>();
        for (int i = 0; i < filterKeys.length; i++) {
            f.put(filterKeys[i], filterValues[i]);
        }
        return new ShardQuery(vector, topK, ef, partitions, new MetadataFilter(f), includeMetadata, includeVectors,
                nprobe);
    }
}
