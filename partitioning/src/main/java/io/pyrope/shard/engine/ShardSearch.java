package io.pyrope.shard.engine;

import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.pyrope.domain.Limits;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.SearchEffort;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardHit;
import io.pyrope.shard.ShardQuery;
import io.pyrope.shard.ShardSearchResult;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers one query against a snapshot of the shard. Plan: when the partitions or the metadata
 * filter admit only a few entries (counted in the {@link SecondaryIndex}), score exactly the
 * entries of the smallest candidate list; otherwise search every segment's graph with the filter
 * as a jvector {@code Bits} (so filtered queries still fill k), or, for IVF segments, scan the
 * nprobe lists nearest to the query exactly, and scan the delta heads exactly, then merge. A
 * graph or IVF search that returns fewer than k although more candidates exist falls back to the
 * exact plan. Every similarity evaluated (centroid comparisons included) is counted in
 * {@code distanceComputations}.
 */
final class ShardSearch {
    /** Extra heap room so that a transient duplicate (an id mid-replace) cannot push out a hit. */
    private static final int SLACK = 4;

    private final SegmentedShard shard;

    ShardSearch(SegmentedShard shard) {
        this.shard = shard;
    }

    ShardSearchResult search(ShardQuery q) {
        MetricSpace space = shard.space();
        if (q.vector().length != space.dimension()) {
            throw new IllegalArgumentException("query has dimension " + q.vector().length
                    + "; the index has dimension " + space.dimension());
        }
        if (q.topK() < 1) {
            throw new IllegalArgumentException("topK must be positive, got " + q.topK());
        }
        int live = shard.liveCount();
        if (live == 0) {
            return ShardSearchResult.EMPTY;
        }
        PartitionSet parts = q.partitions();
        MetadataFilter filter = q.filter() == null ? MetadataFilter.NONE : q.filter();
        long inParts = parts == null ? live : shard.secondary().count(parts);
        if (inParts == live) {
            // Every live entry is in an allowed partition (always so on a single node): no need to
            // check the partition of each node the graph search visits.
            parts = null;
        }
        Set<String> posting = filter.isEmpty() ? null : shard.secondary().smallestPosting(filter);
        long inFilter = posting == null ? live : posting.size();
        long candidates = Math.min(inParts, inFilter);
        if (candidates == 0) {
            return ShardSearchResult.EMPTY;
        }
        double expectedMatches = (double) inParts * inFilter / live;
        int nprobe = q.nprobe() > 0 ? q.nprobe() : Limits.DEFAULT_NPROBE;
        Run run = new Run(new PreparedQuery(q.vector(), space), space, parts, filter, q.topK(), nprobe);
        boolean exact = candidates <= shard.config().exactMaxCandidates()
                || expectedMatches < shard.config().exactSelectivity() * live;
        if (!exact) {
            searchSnapshot(run, q.ef());
            if (run.top.size() < q.topK() && candidates > run.top.size()) {
                run = new Run(run.query, space, parts, filter, q.topK(), nprobe).carryOver(run);
                exact = true;
            }
        }
        if (exact) {
            if (candidates < live / 2) {
                scanCandidates(run, inFilter <= inParts ? posting : null, parts);
            } else {
                searchSnapshot(run, -1);
            }
        }
        long work = run.cost * space.dimension() + run.edges * ShardSearchResult.EDGE_WORK;
        return new ShardSearchResult(run.hits(shard, q.includeMetadata(), q.includeVectors()), run.cost, run.efUsed,
                run.nprobeUsed, work);
    }

    /**
     * Graph search (ef >= 0; 0 = each graph's default by its size) or IVF list probing per
     * segment, or exact scan of every block (ef < 0); heads always exactly.
     */
    private void searchSnapshot(Run run, int ef) {
        for (Block b : shard.state().blocks()) {
            SegmentGraph g = b.graph();
            IvfLists lists = b.lists();
            if (ef < 0 || (g == null && lists == null)) {
                scanBlock(run, b);
            } else if (lists != null) {
                probeLists(run, b, lists);
            } else {
                Bits accept = run.parts == null && run.filter.isEmpty() && b.dead.cardinality() == 0
                        ? Bits.ALL : ord -> run.accepts(b, ord);
                int graphEf = SearchEffort.resolve(ef, run.topK, g.size());
                run.efUsed = Math.max(run.efUsed, graphEf);
                SearchResult r = g.search(run.query, run.topK, graphEf, accept);
                run.cost += r.getVisitedCount();
                run.edges += (long) r.getExpandedCount() * g.maxDegree();
                for (SearchResult.NodeScore ns : r.getNodes()) {
                    run.offer(b, ns.node);
                }
            }
        }
    }

    /** Exact scan of the block's entries in the nprobe lists nearest to the query. */
    private void probeLists(Run run, Block b, IvfLists lists) {
        int[] order = run.listOrder(lists.centroids());
        int n = Math.min(run.nprobe, order.length);
        run.nprobeUsed = Math.max(run.nprobeUsed, n);
        int dim = run.space.dimension();
        for (int i = 0; i < n; i++) {
            int[] ords = lists.list(order[i]);
            VectorFloat<?> packed = lists.vectors(order[i]);
            for (int j = 0; j < ords.length; j++) {
                if (run.accepts(b, ords[j])) {
                    run.offer(b, ords[j], run.space.score(run.query.vector(), packed, j * dim));
                }
            }
        }
    }

    private void scanBlock(Run run, Block b) {
        int n = b.count();
        for (int ord = 0; ord < n; ord++) {
            if (run.accepts(b, ord)) {
                run.offer(b, ord);
            }
        }
    }

    /** Exact scan of the entries named by a posting list, or by the allowed partitions' id sets. */
    private void scanCandidates(Run run, Set<String> posting, PartitionSet parts) {
        if (posting != null) {
            scanIds(run, posting);
        } else {
            for (int p : parts.toArray()) {
                scanIds(run, shard.secondary().partition(p));
            }
        }
    }

    private void scanIds(Run run, Set<String> ids) {
        for (String id : ids) {
            Loc loc = shard.location(id);
            if (loc != null && run.accepts(loc.block(), loc.ord())) {
                run.offer(loc.block(), loc.ord());
            }
        }
    }

    /** The mutable state of one query. */
    private static final class Run {
        final PreparedQuery query;
        final MetricSpace space;
        final PartitionSet parts;
        final MetadataFilter filter;
        final int topK;
        final int nprobe;
        final TopK top;
        long cost;
        /** Graph edges followed (expanded nodes times their degree bound). */
        long edges;
        int efUsed;
        int nprobeUsed;
        /** List order per centroid version seen (two at most, while a retrain is being applied). */
        private Map<IvfCentroids, int[]> listOrders;

        Run(PreparedQuery query, MetricSpace space, PartitionSet parts, MetadataFilter filter, int topK, int nprobe) {
            this.query = query;
            this.space = space;
            this.parts = parts;
            this.filter = filter;
            this.topK = topK;
            this.nprobe = nprobe;
            this.top = new TopK(topK + SLACK);
        }

        Run carryOver(Run other) {
            cost = other.cost;
            edges = other.edges;
            efUsed = other.efUsed;
            nprobeUsed = other.nprobeUsed;
            listOrders = other.listOrders;
            return this;
        }

        /** The lists of {@code centroids}, nearest to the query first; ranked once per query and version. */
        int[] listOrder(IvfCentroids centroids) {
            if (listOrders == null) {
                listOrders = new IdentityHashMap<>(4);
            }
            int[] order = listOrders.get(centroids);
            if (order == null) {
                order = centroids.rank(query.vector());
                cost += centroids.k();
                listOrders.put(centroids, order);
            }
            return order;
        }

        boolean accepts(Block b, int ord) {
            return !b.isDead(ord)
                    && (parts == null || parts.contains(b.partitions[ord]))
                    && (filter.isEmpty() || filter.matches(b.metadata[ord]));
        }

        void offer(Block b, int ord) {
            offer(b, ord, space.score(query.vector(), b.vectors[ord]));
        }

        void offer(Block b, int ord, float score) {
            cost++;
            top.offer(score, b, ord);
        }

        List<ShardHit> hits(SegmentedShard shard, boolean withMetadata, boolean withVectors) {
            TopK.Drained d = top.drain();
            Map<String, Integer> chosen = new LinkedHashMap<>();
            for (int i = 0; i < d.scores().length; i++) {
                String id = d.blocks()[i].ids[d.ords()[i]];
                Integer prev = chosen.putIfAbsent(id, i);
                if (prev != null) {
                    // Mid-replace both versions were visible: keep the current one.
                    Loc cur = shard.location(id);
                    if (cur != null && cur.is(d.blocks()[i], d.ords()[i])) {
                        chosen.put(id, i);
                    }
                }
            }
            List<ShardHit> hits = new ArrayList<>(Math.min(topK, chosen.size()));
            for (int i : chosen.values().stream().sorted().toList()) {
                if (hits.size() == topK) {
                    break;
                }
                Block b = d.blocks()[i];
                int ord = d.ords()[i];
                hits.add(new ShardHit(b.ids[ord], d.scores()[i],
                        withMetadata ? b.metadata[ord] : Map.of(),
                        withVectors ? b.raw[ord].clone() : null));
            }
            return hits;
        }
    }

}
