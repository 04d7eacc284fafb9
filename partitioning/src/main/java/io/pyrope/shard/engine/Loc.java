package io.pyrope.shard.engine;

/** Where the live version of an id is: a block and an ordinal in it. */
record Loc(Block block, int ord) {
    int partition() {
        return block.partitions[ord];
    }

    java.util.Map<String, String> metadata() {
        return block.metadata[ord];
    }

    boolean is(Block b, int o) {
        return block == b && ord == o;
    }
}
