package io.pyrope.shard.engine;

/** Bounded min-heap of (score, block, ordinal): keeps the best {@code capacity} candidates. */
final class TopK {
    private final float[] scores;
    private final Block[] blocks;
    private final int[] ords;
    private int size;

    TopK(int capacity) {
        scores = new float[capacity];
        blocks = new Block[capacity];
        ords = new int[capacity];
    }

    int size() {
        return size;
    }

    /** The score a candidate must beat to enter, or -infinity while not full. */
    float threshold() {
        return size < scores.length ? Float.NEGATIVE_INFINITY : scores[0];
    }

    void offer(float score, Block block, int ord) {
        if (size < scores.length) {
            int i = size++;
            set(i, score, block, ord);
            siftUp(i);
        } else if (score > scores[0]) {
            set(0, score, block, ord);
            siftDown(0);
        }
    }

    /** Drains the heap into arrays, best first. */
    Drained drain() {
        int n = size;
        Drained d = new Drained(new float[n], new Block[n], new int[n]);
        for (int i = n - 1; i >= 0; i--) {
            d.scores[i] = scores[0];
            d.blocks[i] = blocks[0];
            d.ords[i] = ords[0];
            size--;
            if (size > 0) {
                set(0, scores[size], blocks[size], ords[size]);
                siftDown(0);
            }
        }
        return d;
    }

    record Drained(float[] scores, Block[] blocks, int[] ords) {
    }

    private void set(int i, float s, Block b, int o) {
        scores[i] = s;
        blocks[i] = b;
        ords[i] = o;
    }

    private void swap(int i, int j) {
        float s = scores[i];
        Block b = blocks[i];
        int o = ords[i];
        set(i, scores[j], blocks[j], ords[j]);
        set(j, s, b, o);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (scores[i] >= scores[p]) {
                return;
            }
            swap(i, p);
            i = p;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int c = l + 1 < size && scores[l + 1] < scores[l] ? l + 1 : l;
            if (scores[i] <= scores[c]) {
                return;
            }
            swap(i, c);
            i = c;
        }
    }
}
