package io.pyrope.shard.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An immutable snapshot of a shard's blocks, searched without locks: sealed blocks (with or
 * without a graph yet) followed by the active delta head. Replaced copy-on-write under the
 * shard's write lock.
 */
record ShardState(List<Block> blocks, Block head) {

    static ShardState initial(Block head) {
        return new ShardState(List.of(head), head);
    }

    /** The head is sealed and {@code next} becomes the head. */
    ShardState withNewHead(Block next) {
        List<Block> b = new ArrayList<>(blocks.size() + 1);
        b.addAll(blocks);
        b.add(next);
        return new ShardState(List.copyOf(b), next);
    }

    /** {@code sources} leave and {@code target} (if any) takes the place of the first of them. */
    ShardState replacing(Set<Block> sources, Block target) {
        List<Block> b = new ArrayList<>(blocks.size());
        boolean placed = target == null;
        for (Block x : blocks) {
            if (sources.contains(x)) {
                if (!placed) {
                    b.add(target);
                    placed = true;
                }
            } else {
                b.add(x);
            }
        }
        return new ShardState(List.copyOf(b), head);
    }

    List<Block> sealedWithoutGraph() {
        List<Block> out = new ArrayList<>();
        for (Block x : blocks) {
            if (x != head && !x.indexed()) {
                out.add(x);
            }
        }
        return out;
    }

    List<Block> segments() {
        List<Block> out = new ArrayList<>();
        for (Block x : blocks) {
            if (x.indexed()) {
                out.add(x);
            }
        }
        return out;
    }
}
