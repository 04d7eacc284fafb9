package io.pyrope.compute.search;

import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.domain.SearchHit;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeJobResultPolicy;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scatter-gather search: one job per data node, each restricted to the partitions that node is
 * primary for at map time; reduce merges the top-k. Failed jobs are not failed over (another node
 * would search the wrong partitions): their partitions are counted as missing and the caller
 * retries the whole search at the new topology.
 */
public final class SearchTask extends ComputeTaskAdapter<SearchTaskArg, SearchTaskResult> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    private int topK;
    private int unownedPartitions;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, SearchTaskArg arg) {
        Affinity<Object> affinity = ignite.affinity(CacheLayout.VECTORS);
        topK = arg.topK();
        Map<ComputeJob, ClusterNode> jobs = new HashMap<>();
        BitSet covered = new BitSet(affinity.partitions());
        for (ClusterNode node : subgrid) {
            int[] primary = affinity.primaryPartitions(node);
            if (primary.length == 0) {
                continue;
            }
            for (int p : primary) {
                covered.set(p);
            }
            jobs.put(new SearchJob(arg, primary), node);
        }
        unownedPartitions = affinity.partitions() - covered.cardinality();
        return jobs;
    }

    @Override
    public ComputeJobResultPolicy result(ComputeJobResult res, List<ComputeJobResult> received) {
        return ComputeJobResultPolicy.WAIT;
    }

    @Override
    public SearchTaskResult reduce(List<ComputeJobResult> results) throws IgniteException {
        int missing = unownedPartitions;
        int shards = 0;
        long comparisons = 0;
        long work = 0;
        int ef = 0;
        int nprobe = 0;
        List<List<SearchHit>> perShard = new ArrayList<>(results.size());
        for (ComputeJobResult r : results) {
            SearchJob job = r.getJob();
            if (r.getException() != null) {
                missing += job.partitions().length;
                continue;
            }
            SearchJobResult jr = r.getData();
            if (jr.stale()) {
                missing += jr.partitions().length;
                continue;
            }
            shards++;
            comparisons += jr.distanceComputations();
            work += jr.work();
            ef = Math.max(ef, jr.efUsed());
            nprobe = Math.max(nprobe, jr.nprobeUsed());
            perShard.add(jr.hits());
        }
        return new SearchTaskResult(TopK.merge(perShard, topK), missing, shards, comparisons, ef, nprobe, work);
    }
}
