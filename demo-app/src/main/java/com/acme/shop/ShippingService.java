package com.acme.shop;

import dev.overclock.annotations.Timed;

/**
 * Books a delivery slot with the shipping partner, whose API is rate limited: every call waits
 * with {@code Thread.sleep(1)}.
 *
 * <p>Exercises <em>timing of a method blocked in a sleep</em> (thread state TIMED_WAITING, no
 * CPU): it is the clearest case of a blocking method for the agent's classification and for
 * offloading. The slot returned is a pure function of the region, so results never depend on
 * timing.
 */
final class ShippingService {

  /** Slots per day in every region. */
  static final int SLOTS_PER_DAY = 48;

  /** Reserves a slot for a delivery to {@code region}; returns its number, 1 to 48. */
  @Timed
  int reserveSlot(String region) throws InterruptedException {
    Thread.sleep(1); // the partner API allows one booking per millisecond and connection
    return 1 + (int) Math.floorMod(Checksums.mix(region.hashCode(), 0x5107), (long) SLOTS_PER_DAY);
  }
}
