package fixtureapp.offload;

import java.util.concurrent.CountDownLatch;

/** No annotation: {@code OffloadIT} selects {@link #slowLookup} with {@code offload=}. */
public final class Plain {

  static final CountDownLatch INTERRUPTED = new CountDownLatch(1);

  public String slowLookup(String key) {
    try {
      new CountDownLatch(1).await();
      return key;
    } catch (InterruptedException e) {
      INTERRUPTED.countDown();
      return "interrupted";
    }
  }
}
