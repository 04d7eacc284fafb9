package io.pyrope.node.cache;

import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.TenantId;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cache keys. Every key starts with the tenant and the index incarnation (name + creation time,
 * so a re-created index never sees the old one's entries). The exact key adds a SHA-256 of the
 * query bytes, top_k, the effort class (requested ef and nprobe, 0 = default), the filter and the include
 * flags; a semantic bucket key has the same parts without the query bytes, plus the centroid
 * version and the query's cluster.
 */
final class ResultKeys {
    private ResultKeys() {
    }

    static String exact(TenantId tenant, String index, long indexCreatedMs, SearchQuery q) {
        MessageDigest sha = sha256();
        ByteBuffer buf = ByteBuffer.allocate(q.vector().length * 4);
        for (float f : q.vector()) {
            buf.putFloat(f);
        }
        sha.update(buf.array());
        sha.update(shape(q).getBytes(StandardCharsets.UTF_8));
        return prefix(tenant, index, indexCreatedMs) + "x/" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    /** The key of a result shared by every search with the same (canonical) query key and shape. */
    static String byQueryKey(TenantId tenant, String index, long indexCreatedMs, String queryKey, SearchQuery q) {
        MessageDigest sha = sha256();
        sha.update(queryKey.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(shape(q).getBytes(StandardCharsets.UTF_8));
        return prefix(tenant, index, indexCreatedMs) + "k/" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    static String bucket(TenantId tenant, String index, long indexCreatedMs, SearchQuery q, long centroidVersion, int cluster) {
        String shape = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha256().digest(shape(q).getBytes(StandardCharsets.UTF_8)));
        return prefix(tenant, index, indexCreatedMs) + "s/" + centroidVersion + "/" + cluster + "/" + shape;
    }

    /** Everything but the query bytes that makes two searches' answers differ. */
    private static String shape(SearchQuery q) {
        StringBuilder b = new StringBuilder().append(q.topK()).append('|').append(q.ef()).append('/').append(q.nprobe()).append('|')
                .append(q.includeMetadata()).append('|').append(q.includeVectors()).append('|');
        for (Map.Entry<String, String> e : new TreeMap<>(q.filter().mustEqual()).entrySet()) {
            b.append(e.getKey().length()).append(':').append(e.getKey()).append('=')
                    .append(e.getValue().length()).append(':').append(e.getValue()).append(';');
        }
        return b.toString();
    }

    private static String prefix(TenantId tenant, String index, long indexCreatedMs) {
        return tenant.value() + "/" + index + "/" + indexCreatedMs + "/";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
