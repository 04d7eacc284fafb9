package io.pyrope.node.embed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Cache keys of embeddings: SHA-256 of (model id, normalized text), hex. Normalizing (Unicode NFC,
 * whitespace runs collapsed, ends trimmed) makes texts that differ only in spacing share one
 * entry; case is kept, as a cased model would embed it differently.
 */
public final class EmbeddingKeys {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private EmbeddingKeys() {
    }

    public static String normalize(String text) {
        return SPACES.matcher(Normalizer.normalize(text, Normalizer.Form.NFC)).replaceAll(" ").strip();
    }

    /** {@code normalizedText} as returned by {@link #normalize}. */
    public static String key(String modelId, String normalizedText) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(modelId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(normalizedText.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
