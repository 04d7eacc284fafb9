package io.pyrope.compute.admin;

import io.pyrope.compute.ignite.NodeServices;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.ShardKey;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

import java.time.Duration;

/**
 * Runs on each data node during a drop, after the index was marked dropping: waits until the
 * writes to the index this node had already accepted have finished. Returns false on timeout.
 */
public final class AwaitWritesJob implements IgniteCallable<Boolean> {
    private static final long serialVersionUID = 1L;

    private final String tenant;
    private final String index;
    private final long timeoutMs;

    @IgniteInstanceResource
    private transient Ignite ignite;

    public AwaitWritesJob(TenantId tenant, String index, Duration timeout) {
        this.tenant = tenant.value();
        this.index = index;
        this.timeoutMs = timeout.toMillis();
    }

    @Override
    public Boolean call() throws InterruptedException {
        NodeServices services = NodeServices.of(ignite);
        return services == null
                || services.writes().awaitNone(new ShardKey(new TenantId(tenant), index), Duration.ofMillis(timeoutMs));
    }
}
