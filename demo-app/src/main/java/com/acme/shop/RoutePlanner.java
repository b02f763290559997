package com.acme.shop;

import java.util.Arrays;

/**
 * Plans delivery routes: the length of the shortest path between two junctions of the {@link
 * RoadGraph}, by Dijkstra's algorithm in its simple O(V<sup>2</sup>) form (a linear scan for the
 * nearest unsettled node instead of a heap).
 *
 * <p>{@link #shortestPath(int, int)} is deliberately <em>not</em> annotated with {@code @Timed}:
 * it is the demo's hot method that nobody thought to annotate. It is pure and CPU-bound (50 to 150
 * microseconds a call depending on the core), runs once per accepted order with few distinct arguments, so the
 * agent's hot-method detection should find it on its own and recommend it for timing and
 * memoization.
 */
final class RoutePlanner {

  private final RoadGraph graph;

  RoutePlanner(RoadGraph graph) {
    this.graph = graph;
  }

  /**
   * Length of the shortest route from junction {@code from} to junction {@code to}. Pure: depends
   * only on its arguments and the immutable graph.
   *
   * @throws IllegalStateException if {@code to} cannot be reached (never, for the generated grid)
   */
  int shortestPath(int from, int to) {
    int nodes = graph.nodeCount();
    int[] distance = new int[nodes];
    boolean[] settled = new boolean[nodes];
    Arrays.fill(distance, Integer.MAX_VALUE);
    distance[from] = 0;
    for (int round = 0; round < nodes; round++) {
      int nearest = -1;
      int nearestDistance = Integer.MAX_VALUE;
      for (int n = 0; n < nodes; n++) {
        if (!settled[n] && distance[n] < nearestDistance) {
          nearest = n;
          nearestDistance = distance[n];
        }
      }
      if (nearest < 0) {
        break;
      }
      if (nearest == to) {
        return nearestDistance;
      }
      settled[nearest] = true;
      for (int e = graph.firstEdge(nearest), end = graph.endEdge(nearest); e < end; e++) {
        int next = graph.edgeTarget(e);
        int candidate = nearestDistance + graph.edgeWeight(e);
        if (candidate < distance[next]) {
          distance[next] = candidate;
        }
      }
    }
    throw new IllegalStateException("no route from " + from + " to " + to);
  }
}
