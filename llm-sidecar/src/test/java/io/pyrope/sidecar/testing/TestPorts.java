package io.pyrope.sidecar.testing;

/** Ports for tests: {@code pyrope.test.portBase} (set by surefire) + 2900 + a per-test offset (grid-node's slots use base..base+1099). */
public final class TestPorts {

    private TestPorts() {
    }

    public static int port(int offset) {
        return Integer.getInteger("pyrope.test.portBase", 41000) + 2900 + offset;
    }
}
