package io.pyrope.node;

/**
 * Ports for tests, from the system property {@code pyrope.test.portBase} (surefire passes it;
 * run with -Dpyrope.test.portBase=N so concurrent runs never collide). Each test class takes a
 * slot of 100 ports: discovery base+0..9, communication +10..19, thin client +20..29,
 * gRPC +30..39, metrics +40..49; a node with port offset n uses base+n, base+10+n, ...
 */
public record TestPorts(int base) {

    public static TestPorts slot(int slot) {
        int base = Integer.getInteger("pyrope.test.portBase", 41000);
        return new TestPorts(base + slot * 100);
    }

    public int discovery() {
        return base;
    }

    public String seeds() {
        return "127.0.0.1:" + base + ".." + (base + 9);
    }

    public int communication() {
        return base + 10;
    }

    public int thin() {
        return base + 20;
    }

    public int grpc() {
        return base + 30;
    }

    public int metrics() {
        return base + 40;
    }
}
