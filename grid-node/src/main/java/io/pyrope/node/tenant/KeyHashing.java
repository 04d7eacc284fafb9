package io.pyrope.node.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Generating API keys and hashing them for storage. */
public final class KeyHashing {
    public static final String SECRET_PREFIX = "pyr_";
    public static final String KEY_ID_PREFIX = "key_";

    private KeyHashing() {
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes: the stored form of a key. */
    public static String sha256(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    /** Constant-time comparison of a presented key against an expected one (via their hashes). */
    public static boolean matches(String presented, String expected) {
        return MessageDigest.isEqual(digest(presented), digest(expected));
    }

    /** A new key: 256 random bits as the secret, 64 random bits as the public id. */
    public static IssuedKey newKey(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        byte[] id = new byte[8];
        random.nextBytes(id);
        return new IssuedKey(KEY_ID_PREFIX + HexFormat.of().formatHex(id),
                SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
