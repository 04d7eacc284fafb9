package io.pyrope.node.config;

/** Invalid configuration: names the offending key (or flag / variable) and the reason. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String reason) {
        super(key + ": " + reason);
        this.key = key;
    }

    /** The config key, command-line flag or environment variable at fault. */
    public String key() {
        return key;
    }
}
