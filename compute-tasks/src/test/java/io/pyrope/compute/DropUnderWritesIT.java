package io.pyrope.compute;

import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.compute.testing.TestGrids;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;
import io.pyrope.shard.ShardKey;
import org.apache.ignite.cache.CachePeekMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dropping an index while writers on both nodes keep upserting to it: once the drop returns, no
 * entry and no shard of the index is left anywhere, and a new index of the same name (another
 * dimension) starts empty and works.
 */
class DropUnderWritesIT {
    private static final TenantId T = new TenantId("acme");
    private static final String INDEX = "churn";

    @Test
    void nothingOfADroppedIndexSurvivesConcurrentWrites() throws Exception {
        try (TestGrids grids = new TestGrids(64, 1)) {
            List<PyropeGrid> nodes = grids.startNodes(2);
            nodes.get(0).vectors().createIndex(T, IndexSpec.of(INDEX, 16, Metric.L2));
            AtomicLong acknowledged = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
            CountDownLatch writing = new CountDownLatch(4);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                VectorGrid via = nodes.get(w % 2).vectors();
                int writer = w;
                Thread t = new Thread(() -> {
                    Random rnd = new Random(writer);
                    for (int batch = 0; ; batch++) {
                        List<VectorRecord> records = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            float[] v = new float[16];
                            for (int d = 0; d < 16; d++) {
                                v[d] = rnd.nextFloat();
                            }
                            records.add(new VectorRecord("w" + writer + "-" + batch + "-" + i, v));
                        }
                        try {
                            acknowledged.addAndGet(via.upsert(T, INDEX, records));
                        } catch (PyropeException e) {
                            if (e.code() != ErrorCode.NOT_FOUND) {
                                unexpected.add(e);
                            }
                            return;
                        } catch (RuntimeException e) {
                            unexpected.add(e);
                            return;
                        } finally {
                            if (batch == 5) {
                                writing.countDown();
                            }
                        }
                    }
                }, "writer-" + w);
                t.start();
                writers.add(t);
            }
            writing.await();
            Thread.sleep(300);
            nodes.get(0).vectors().dropIndex(T, INDEX);
            for (Thread t : writers) {
                t.join(30_000);
            }
            assertThat(unexpected).isEmpty();
            assertThat(acknowledged.get()).isGreaterThan(1_000);
            Thread.sleep(300); // anything still on its way would have landed by now

            for (PyropeGrid node : nodes) {
                assertThat(node.ignite().cache(CacheLayout.VECTORS).localSize(CachePeekMode.PRIMARY, CachePeekMode.BACKUP))
                        .as("entries left on %s", node.ignite().name()).isZero();
                assertThat(node.shards().get(new ShardKey(T, INDEX))).as("shard left on %s", node.ignite().name()).isEmpty();
            }
            VectorGrid grid = nodes.get(1).vectors();
            grid.createIndex(T, IndexSpec.of(INDEX, 8, Metric.L2));
            grid.upsert(T, INDEX, List.of(new VectorRecord("fresh", new float[]{1, 0, 0, 0, 0, 0, 0, 0})));
            assertThat(grid.describeIndex(T, INDEX).vectorCount()).isEqualTo(1);
            assertThat(grid.search(T, INDEX, new SearchQuery(new float[]{1, 0, 0, 0, 0, 0, 0, 0}, 5, 0, null, false, false))
                    .hits()).extracting(h -> h.id()).containsExactly("fresh");
        }
    }
}
