package com.acme.shop;

import java.util.List;

/**
 * The shop's fixed reference data: 40 SKUs, 5 customer regions, base prices, tax rates and
 * product descriptions. Everything is a constant or a pure function of its argument, so every run
 * on every JVM sees the same shop.
 *
 * <p>It is small on purpose: a few dozen SKUs and regions make the arguments of the pure methods
 * ({@link PricingEngine#quote}, {@link RoutePlanner#shortestPath}) repeat a lot, which is what the
 * agent's memoization needs to pay off.
 */
final class Catalogue {

  /** The 40 SKUs, most popular first ({@link OrderGenerator} picks from the front more often). */
  static final List<String> SKUS =
      List.of(
          "KIT-MUG-350", "OFF-PEN-BLUE10", "ELE-CABLE-USBC", "TOY-BLOCKS-100", "GAR-GLOVES-L",
          "KIT-TIN-SET3", "OFF-PAD-A5", "ELE-BATTERY-AA8", "TOY-BALL-SOFT", "GAR-SEEDS-HERB",
          "KIT-BOARD-OAK", "OFF-BINDER-A4", "ELE-CHARGER-65W", "TOY-PUZZLE-500", "GAR-POT-30",
          "KIT-KNIFE-CHEF", "OFF-STAPLER", "ELE-MOUSE-WL", "TOY-KITE", "GAR-HOSE-25M",
          "KIT-KETTLE-17", "OFF-LAMP-LED", "ELE-POWERBANK", "TOY-CAR-RC", "GAR-SHEARS",
          "KIT-PAN-28", "OFF-MONITOR-27", "ELE-EARBUDS", "TOY-TRAIN-SET", "GAR-LIGHT-SOLAR",
          "KIT-SCALE-DIG", "OFF-CHAIR-ERGO", "ELE-SPEAKER-BT", "TOY-ROBOT-KIT", "GAR-BENCH-TEAK",
          "KIT-GRINDER", "OFF-DESK-140", "ELE-KEYBOARD", "TOY-DOLL-HOUSE", "GAR-MOWER-EL");

  /** The customer regions, most orders first. */
  static final List<String> REGIONS = List.of("eu-west", "us-east", "eu-north", "us-west", "ap-south");

  /** SKUs with lithium cells: they may not be shipped to {@link #AIR_FREIGHT_ONLY_REGION}. */
  static final List<String> LITHIUM_SKUS = List.of("ELE-BATTERY-AA8", "ELE-POWERBANK", "ELE-EARBUDS");

  /** The region reached only by air freight, where lithium cells may not go. */
  static final String AIR_FREIGHT_ONLY_REGION = "ap-south";

  private Catalogue() {}

  /** Index of {@code region} in {@link #REGIONS}; throws for an unknown region. */
  static int regionIndex(String region) {
    int index = REGIONS.indexOf(region);
    if (index < 0) {
      throw new IllegalArgumentException("unknown region: " + region);
    }
    return index;
  }

  /** Sales tax of {@code region} in basis points (1/100 %). */
  static int taxBasisPoints(String region) {
    switch (region) {
      case "eu-west":
        return 2000;
      case "eu-north":
        return 2500;
      case "us-east":
        return 800;
      case "us-west":
        return 950;
      case "ap-south":
        return 1000;
      default:
        throw new IllegalArgumentException("unknown region: " + region);
    }
  }

  /** List price of one unit of {@code sku} in cents, 1.99 to 249.98: a pure function of the SKU. */
  static long basePriceCents(String sku) {
    return 199 + Math.floorMod(Checksums.mix(sku.hashCode(), 0x5EED), 24_800L);
  }

  /** The product's display name, derived from its SKU: {@code KIT-MUG-350} is "Mug 350 (kitchen)". */
  static String displayName(String sku) {
    String[] parts = sku.split("-");
    StringBuilder name = new StringBuilder();
    for (int i = 1; i < parts.length; i++) {
      if (name.length() > 0) {
        name.append(' ');
      }
      name.append(parts[i].charAt(0)).append(parts[i].substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return name + " (" + department(parts[0]) + ")";
  }

  /**
   * The product description stored in {@link CatalogStore}'s files: about 400 characters, a pure
   * function of the SKU.
   */
  static String description(String sku) {
    long h = Checksums.mix(sku.hashCode(), 0xD05C);
    String[] openers = {
      "A dependable everyday pick", "Our customers' favourite", "Built to last for years",
      "Designed in-house and tested hard", "Small, light and surprisingly capable"
    };
    String[] details = {
      "It ships in recycled packaging and fits through most letterboxes.",
      "Every unit is inspected by hand before it leaves the warehouse.",
      "Spare parts stay available for at least seven years after purchase.",
      "The materials are sourced from certified suppliers only.",
      "It comes with a two-year warranty and free returns within 30 days."
    };
    String[] care = {
      "Wipe clean with a damp cloth; do not use abrasive cleaners.",
      "Store in a dry place away from direct sunlight.",
      "Read the enclosed safety leaflet before first use.",
      "Dispose of the packaging with paper and cardboard."
    };
    return displayName(sku) + " [" + sku + "]\n"
        + openers[(int) Math.floorMod(h, (long) openers.length)] + ". "
        + details[(int) Math.floorMod(h >>> 8, (long) details.length)] + " "
        + details[(int) Math.floorMod((h >>> 16) + 1, (long) details.length)] + "\n"
        + care[(int) Math.floorMod(h >>> 24, (long) care.length)] + " "
        + "Item weight class " + (1 + Math.floorMod(h >>> 32, 9L)) + " of 9; "
        + "shelf code " + Long.toString(Math.floorMod(h >>> 40, 46_656L), 36).toUpperCase(java.util.Locale.ROOT)
        + ".\n";
  }

  private static String department(String code) {
    switch (code) {
      case "KIT":
        return "kitchen";
      case "OFF":
        return "office";
      case "ELE":
        return "electronics";
      case "TOY":
        return "toys";
      case "GAR":
        return "garden";
      default:
        return "general";
    }
  }
}
