package io.pyrope.node.tenant;

/** A freshly issued key: the secret is shown to the caller once and never stored. */
public record IssuedKey(String keyId, String secret) {
    @Override
    public String toString() {
        return "IssuedKey[" + keyId + "]";
    }
}
