package io.pyrope.shard.engine;

import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.vector.types.VectorFloat;

/** The first {@code size} vectors of an array, as jvector reads them; never copied. */
final class ArrayVectorValues implements RandomAccessVectorValues {
    private final VectorFloat<?>[] vectors;
    private final int size;
    private final int dimension;

    ArrayVectorValues(VectorFloat<?>[] vectors, int size, int dimension) {
        this.vectors = vectors;
        this.size = size;
        this.dimension = dimension;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public VectorFloat<?> getVector(int node) {
        return vectors[node];
    }

    @Override
    public boolean isValueShared() {
        return false;
    }

    @Override
    public RandomAccessVectorValues copy() {
        return this;
    }
}
