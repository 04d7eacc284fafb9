package io.pyrope.node.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Cached results and semantic buckets as the bytes stored in Ignite. Version 1: a format byte, then
 * for a bucket an entry count and the entries, each as {@link CachedResult#writeTo} writes it.
 * Bytes from another format version decode as absent (a miss), never as a wrong answer.
 */
final class CachedResultCodec {
    private static final byte FORMAT = 1;

    private CachedResultCodec() {
    }

    static byte[] encode(CachedResult r) {
        return encode(new CachedResult[] {r});
    }

    static byte[] encode(SemanticBucket b) {
        return encode(b.entries());
    }

    /** The single result in {@code bytes}, or null for bytes of another format. */
    static CachedResult decodeResult(byte[] bytes) {
        CachedResult[] all = decode(bytes);
        return all == null || all.length != 1 ? null : all[0];
    }

    /** The bucket in {@code bytes}, or null for bytes of another format. */
    static SemanticBucket decodeBucket(byte[] bytes) {
        CachedResult[] all = decode(bytes);
        return all == null ? null : new SemanticBucket(all);
    }

    private static byte[] encode(CachedResult[] entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024 * entries.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeShort(entries.length);
            for (CachedResult e : entries) {
                e.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static CachedResult[] decode(byte[] bytes) {
        if (bytes == null || bytes.length < 3 || bytes[0] != FORMAT) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            CachedResult[] out = new CachedResult[in.readUnsignedShort()];
            for (int i = 0; i < out.length; i++) {
                out[i] = CachedResult.readFrom(in);
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }
}
