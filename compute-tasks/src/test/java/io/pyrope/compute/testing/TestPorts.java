package io.pyrope.compute.testing;

/**
 * Ports for tests, from the system property {@code pyrope.test.portBase} (set by surefire), laid
 * out as: base+0..9 discovery, base+10..29 communication, base+30..39 thin client, base+40..59
 * gRPC, base+60..79 anything else (HTTP, sidecars). Concurrent builds pass different bases.
 */
public final class TestPorts {
    private TestPorts() {
    }

    public static int base() {
        return Integer.getInteger("pyrope.test.portBase", 41000);
    }

    public static int discovery() {
        return base();
    }

    public static String discoveryRange() {
        return "127.0.0.1:" + base() + ".." + (base() + 9);
    }

    public static int communication(int node) {
        return base() + 10 + node * 2;
    }

    public static int thinClient(int node) {
        return base() + 30 + node;
    }

    public static int grpc(int node) {
        return base() + 40 + node;
    }

    public static int other(int n) {
        return base() + 60 + n;
    }
}
