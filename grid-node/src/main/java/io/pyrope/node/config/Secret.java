package io.pyrope.node.config;

import java.util.Objects;

/**
 * A password read from the environment. {@link #toString()} never shows it, so a config record
 * holding one can be logged; only {@link #reveal()} hands the value to the component that needs it.
 */
public final class Secret {
    private final String envName;
    private final String value;

    public Secret(String envName, String value) {
        this.envName = Objects.requireNonNull(envName, "envName");
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The environment variable the value came from. */
    public String envName() {
        return envName;
    }

    public String reveal() {
        return value;
    }

    public char[] revealChars() {
        return value.toCharArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.envName.equals(envName) && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return envName.hashCode();
    }

    @Override
    public String toString() {
        return "<secret from " + envName + ">";
    }
}
