package io.pyrope.sidecar.testing;

/** Ports for tests: {@code pyrope.test.portBase} (set by surefire) plus a per-test offset. */
public final class TestPorts {

    private TestPorts() {
    }

    public static int port(int offset) {
        return Integer.getInteger("pyrope.test.portBase", 41000) + 500 + offset;
    }
}
