package fixtureapp.offload;

import dev.overclock.annotations.Offload;

/** An offloaded body that blocks inside a class initializer, which pins a virtual thread. */
public final class Pinner {

  @Offload
  public int initSlowly() {
    return SlowInit.VALUE;
  }

  static final class SlowInit {
    static final int VALUE = compute();

    private static int compute() {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 7;
    }
  }
}
