package io.pyrope.shard;

import java.util.Arrays;
import java.util.BitSet;

/** An immutable set of cache partition numbers: the partitions a search may return hits from. */
public final class PartitionSet {
    private final BitSet bits;
    private final int size;

    private PartitionSet(BitSet bits) {
        this.bits = bits;
        this.size = bits.cardinality();
    }

    public static PartitionSet of(int... partitions) {
        BitSet b = new BitSet();
        for (int p : partitions) {
            if (p < 0) {
                throw new IllegalArgumentException("negative partition " + p);
            }
            b.set(p);
        }
        return new PartitionSet(b);
    }

    /** All partitions 0..count-1. */
    public static PartitionSet all(int count) {
        BitSet b = new BitSet(count);
        b.set(0, count);
        return new PartitionSet(b);
    }

    public boolean contains(int partition) {
        return partition >= 0 && bits.get(partition);
    }

    public int size() {
        return size;
    }

    public int[] toArray() {
        return bits.stream().toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionSet other && bits.equals(other.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        int[] a = toArray();
        return "PartitionSet" + (a.length > 16 ? "[" + a.length + " partitions]" : Arrays.toString(a));
    }
}
