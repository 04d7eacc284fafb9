package io.pyrope.shard.engine;

/**
 * The inverted lists of one sealed block under one centroid version: for each list, the block's
 * ordinals whose nearest centroid it is. Built off-lock from the block's (immutable once sealed)
 * vectors and published with one volatile write; a retrain builds new lists aside and replaces
 * them the same way, so a search sees either the old complete lists or the new complete ones.
 * Ordinals dead at build time are left out (tombstones only grow on a sealed block); entries that
 * die later are skipped by the search's tombstone check like everywhere else. Immutable.
 */
final class IvfLists {
    private static final int[] EMPTY = new int[0];

    private final IvfCentroids centroids;
    private final int[][] lists;

    private IvfLists(IvfCentroids centroids, int[][] lists) {
        this.centroids = centroids;
        this.lists = lists;
    }

    /** Assigns the live ordinals {@code 0..count-1} of {@code block} to their nearest centroid. */
    static IvfLists build(Block block, int count, IvfCentroids centroids) {
        int k = centroids.k();
        int[] listOf = new int[count];
        int[] sizes = new int[k];
        for (int ord = 0; ord < count; ord++) {
            if (block.isDead(ord)) {
                listOf[ord] = -1;
            } else {
                int c = centroids.assign(block.vectors[ord]);
                listOf[ord] = c;
                sizes[c]++;
            }
        }
        int[][] lists = new int[k][];
        for (int c = 0; c < k; c++) {
            lists[c] = sizes[c] == 0 ? EMPTY : new int[sizes[c]];
            sizes[c] = 0;
        }
        for (int ord = 0; ord < count; ord++) {
            int c = listOf[ord];
            if (c >= 0) {
                lists[c][sizes[c]++] = ord;
            }
        }
        return new IvfLists(centroids, lists);
    }

    IvfCentroids centroids() {
        return centroids;
    }

    /** The ordinals of list {@code c}, ascending; callers must not modify the array. */
    int[] list(int c) {
        return lists[c];
    }

    int listCount() {
        return lists.length;
    }
}
