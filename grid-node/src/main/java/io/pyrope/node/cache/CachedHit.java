package io.pyrope.node.cache;

import io.pyrope.domain.SearchHit;

import java.util.HashMap;
import java.util.Map;

/** One hit as cached: plain final class with arrays (an Ignite cache value part). Immutable. */
final class CachedHit {
    private final String id;
    private final float score;
    private final String[] metaKeys;
    private final String[] metaValues;
    private final float[] values;

    private CachedHit(String id, float score, String[] metaKeys, String[] metaValues, float[] values) {
        this.id = id;
        this.score = score;
        this.metaKeys = metaKeys;
        this.metaValues = metaValues;
        this.values = values;
    }

    static CachedHit of(SearchHit h) {
        String[] k = new String[h.metadata().size()];
        String[] v = new String[k.length];
        int i = 0;
        for (Map.Entry<String, String> e : h.metadata().entrySet()) {
            k[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return new CachedHit(h.id(), h.score(), k, v, h.values());
    }

    String id() {
        return id;
    }

    float score() {
        return score;
    }

    SearchHit toHit() {
        Map<String, String> m = new HashMap<>(metaKeys.length * 2);
        for (int i = 0; i < metaKeys.length; i++) {
            m.put(metaKeys[i], metaValues[i]);
        }
        return new SearchHit(id, score, Map.copyOf(m), values.clone());
    }

    void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeUTF(id);
        out.writeFloat(score);
        out.writeShort(metaKeys.length);
        for (int i = 0; i < metaKeys.length; i++) {
            out.writeUTF(metaKeys[i]);
            out.writeUTF(metaValues[i]);
        }
        CachedResult.writeFloats(out, values);
    }

    static CachedHit readFrom(java.io.DataInputStream in) throws java.io.IOException {
        String id = in.readUTF();
        float score = in.readFloat();
        int n = in.readUnsignedShort();
        String[] k = new String[n];
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            k[i] = in.readUTF();
            v[i] = in.readUTF();
        }
        return new CachedHit(id, score, k, v, CachedResult.readFloats(in));
    }

    /** A rough heap size, for the near cache's weigher. */
    int weight() {
        int w = 48 + id.length() * 2 + values.length * 4;
        for (int i = 0; i < metaKeys.length; i++) {
            w += 40 + (metaKeys[i].length() + metaValues[i].length()) * 2;
        }
        return w;
    }
}
