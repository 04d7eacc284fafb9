package io.pyrope.compute;

import io.pyrope.domain.IndexSpec;

/**
 * What the cost estimate needs to know about an index, cheaply, from this node: its spec, this
 * node's shard sizes (nodes hold similar shards, so one is a fair sample) and the number of data
 * nodes a search is sent to.
 *
 * @param localLive     live entries of this node's shard (0 if it holds none)
 * @param localHead     of which still in the delta head (scanned exactly)
 * @param localSegments sealed graph segments of this node's shard
 * @param dataNodes     nodes a search maps jobs to
 */
public record IndexShape(IndexSpec spec, long localLive, long localHead, int localSegments, int dataNodes) {
    /** Average size of this node's graph segments; the whole shard when it has none yet. */
    public long vectorsPerSegment() {
        return localSegments == 0 ? Math.max(1, localLive) : Math.max(1, (localLive - localHead) / localSegments);
    }
}
