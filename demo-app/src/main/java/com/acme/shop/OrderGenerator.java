package com.acme.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Produces the stream of customer orders from one fixed-seed {@link Random}: order {@code n} is
 * the same on every run, JVM and machine. Not thread-safe: one thread (the feeder in {@link
 * ShopWorkload}) calls {@link #next()}.
 *
 * <p>Choices are skewed the way real shops are: a few SKUs, small quantities and two regions
 * dominate, so the (sku, quantity, region) arguments of {@link PricingEngine#quote} repeat many
 * times (the memoization case). Only {@link Random#nextInt(int)} is used, whose algorithm the JDK
 * specifies, so the stream cannot change between JDK versions.
 */
final class OrderGenerator {

  /** The seed of every run. */
  static final long SEED = 20_240_917L;

  private final Random random;
  private final RoadGraph graph;
  private long nextId;

  OrderGenerator(long seed, RoadGraph graph) {
    this.random = new Random(seed);
    this.graph = graph;
  }

  /** The next order; ids count from 0. */
  Order next() {
    String region = pickRegion();
    int lineCount = 1 + random.nextInt(4);
    List<LineItem> lines = new ArrayList<>(lineCount);
    List<String> skus = new ArrayList<>(lineCount);
    while (lines.size() < lineCount) {
      String sku = pickSku();
      if (!skus.contains(sku)) {
        skus.add(sku);
        lines.add(new LineItem(sku, pickQuantity()));
      }
    }
    int destination = graph.deliveryHub(region, random.nextInt(RoadGraph.HUBS_PER_REGION));
    return new Order(nextId++, region, lines, destination);
  }

  /** 60 % from the 6 best sellers, 30 % from the next 10, 10 % from the other 24. */
  private String pickSku() {
    int tier = random.nextInt(10);
    int index;
    if (tier < 6) {
      index = random.nextInt(6);
    } else if (tier < 9) {
      index = 6 + random.nextInt(10);
    } else {
      index = 16 + random.nextInt(24);
    }
    return Catalogue.SKUS.get(index);
  }

  /** 1: 50 %, 2: 25 %, 3: 10 %, 4: 10 %, 5: 5 %. */
  private int pickQuantity() {
    int p = random.nextInt(20);
    if (p < 10) {
      return 1;
    } else if (p < 15) {
      return 2;
    } else if (p < 17) {
      return 3;
    } else if (p < 19) {
      return 4;
    }
    return 5;
  }

  /** eu-west 35 %, us-east 25 %, eu-north 20 %, us-west 12 %, ap-south 8 %. */
  private String pickRegion() {
    int p = random.nextInt(100);
    int index = p < 35 ? 0 : p < 60 ? 1 : p < 80 ? 2 : p < 92 ? 3 : 4;
    return Catalogue.REGIONS.get(index);
  }
}
