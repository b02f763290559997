package com.acme.shop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The delivery road network {@link RoutePlanner} searches: a 20 x 20 grid of junctions (400
 * nodes) joined by local roads, plus random highways, with weights drawn from a fixed-seed {@link
 * Random}. Each region has one warehouse node and six delivery hub nodes that orders ship to, so
 * route queries repeat a lot (at most 30 distinct ones).
 *
 * <p>Stored in compressed sparse row form (three int arrays); immutable once built.
 */
final class RoadGraph {

  static final int SIDE = 20;
  static final int HUBS_PER_REGION = 6;
  private static final int HIGHWAYS = 60;

  private final int nodeCount;
  private final int[] edgeStart; // edges of node n are edgeStart[n] .. edgeStart[n + 1] - 1
  private final int[] edgeTarget;
  private final int[] edgeWeight;
  private final int[] warehouses; // by region index
  private final int[][] hubs; // by region index

  private RoadGraph(int nodeCount, int[] edgeStart, int[] edgeTarget, int[] edgeWeight, int[] warehouses, int[][] hubs) {
    this.nodeCount = nodeCount;
    this.edgeStart = edgeStart;
    this.edgeTarget = edgeTarget;
    this.edgeWeight = edgeWeight;
    this.warehouses = warehouses;
    this.hubs = hubs;
  }

  /** Builds the network from {@code seed}; the same seed always gives the same network. */
  static RoadGraph generate(long seed) {
    Random random = new Random(seed);
    int nodes = SIDE * SIDE;
    List<int[]> roads = new ArrayList<>(); // {from, to, weight}, added in both directions
    for (int row = 0; row < SIDE; row++) {
      for (int col = 0; col < SIDE; col++) {
        int node = row * SIDE + col;
        if (col + 1 < SIDE) {
          roads.add(new int[] {node, node + 1, 3 + random.nextInt(18)});
        }
        if (row + 1 < SIDE) {
          roads.add(new int[] {node, node + SIDE, 3 + random.nextInt(18)});
        }
      }
    }
    for (int i = 0; i < HIGHWAYS; i++) {
      int a = random.nextInt(nodes);
      int b = random.nextInt(nodes);
      if (a != b) {
        int manhattan = Math.abs(a / SIDE - b / SIDE) + Math.abs(a % SIDE - b % SIDE);
        roads.add(new int[] {a, b, 4 * manhattan + 1 + random.nextInt(10)});
      }
    }

    int[] degree = new int[nodes + 1];
    for (int[] road : roads) {
      degree[road[0]]++;
      degree[road[1]]++;
    }
    int[] edgeStart = new int[nodes + 1];
    for (int n = 0; n < nodes; n++) {
      edgeStart[n + 1] = edgeStart[n] + degree[n];
    }
    int[] fill = Arrays.copyOf(edgeStart, nodes);
    int[] target = new int[edgeStart[nodes]];
    int[] weight = new int[edgeStart[nodes]];
    for (int[] road : roads) {
      target[fill[road[0]]] = road[1];
      weight[fill[road[0]]++] = road[2];
      target[fill[road[1]]] = road[0];
      weight[fill[road[1]]++] = road[2];
    }

    // Warehouses spread over the map: four near the corners, one in the middle.
    int last = SIDE - 3;
    int[] warehouses = {
      2 * SIDE + 2, 2 * SIDE + last, last * SIDE + 2, last * SIDE + last, (SIDE / 2) * SIDE + SIDE / 2
    };
    int regions = Catalogue.REGIONS.size();
    int[][] hubs = new int[regions][];
    Set<Integer> taken = new LinkedHashSet<>();
    for (int w : warehouses) {
      taken.add(w);
    }
    for (int r = 0; r < regions; r++) {
      hubs[r] = new int[HUBS_PER_REGION];
      for (int h = 0; h < HUBS_PER_REGION; h++) {
        int node;
        do {
          node = random.nextInt(nodes);
        } while (!taken.add(node));
        hubs[r][h] = node;
      }
    }
    return new RoadGraph(nodes, edgeStart, target, weight, warehouses, hubs);
  }

  int nodeCount() {
    return nodeCount;
  }

  /** First index into {@link #edgeTarget(int)} for the roads leaving {@code node}. */
  int firstEdge(int node) {
    return edgeStart[node];
  }

  /** One past the last index of the roads leaving {@code node}. */
  int endEdge(int node) {
    return edgeStart[node + 1];
  }

  int edgeTarget(int edge) {
    return edgeTarget[edge];
  }

  int edgeWeight(int edge) {
    return edgeWeight[edge];
  }

  /** The node orders of {@code region} ship from. */
  int warehouseOf(String region) {
    return warehouses[Catalogue.regionIndex(region)];
  }

  /** The {@code index}-th delivery hub of {@code region}, 0 to {@link #HUBS_PER_REGION} - 1. */
  int deliveryHub(String region, int index) {
    return hubs[Catalogue.regionIndex(region)][index];
  }
}
