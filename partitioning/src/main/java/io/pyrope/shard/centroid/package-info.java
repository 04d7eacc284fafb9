/** Semantic centroids of an index: k-means++ training over a sample and nearest-centroid lookup. */
package io.pyrope.shard.centroid;
