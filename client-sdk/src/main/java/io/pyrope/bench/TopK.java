package io.pyrope.bench;

/** The k best (highest-scoring) ordinals seen so far: a fixed-size binary min-heap. Not thread-safe. */
final class TopK {
    private final int k;
    private final float[] scores;
    private final int[] ids;
    private int size;

    TopK(int k) {
        this.k = k;
        this.scores = new float[k];
        this.ids = new int[k];
    }

    /** The score a candidate must beat to enter (negative infinity until full). */
    float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : scores[0];
    }

    void offer(int id, float score) {
        if (size < k) {
            scores[size] = score;
            ids[size] = id;
            siftUp(size++);
        } else if (score > scores[0]) {
            scores[0] = score;
            ids[0] = id;
            siftDown(0);
        }
    }

    /** Ordinals best first. */
    int[] sortedIds() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = ids[order[i]];
        }
        return out;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (scores[parent] <= scores[i]) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int min = i;
            if (l < size && scores[l] < scores[min]) {
                min = l;
            }
            if (r < size && scores[r] < scores[min]) {
                min = r;
            }
            if (min == i) {
                return;
            }
            swap(i, min);
            i = min;
        }
    }

    private void swap(int a, int b) {
        float s = scores[a];
        scores[a] = scores[b];
        scores[b] = s;
        int t = ids[a];
        ids[a] = ids[b];
        ids[b] = t;
    }
}
