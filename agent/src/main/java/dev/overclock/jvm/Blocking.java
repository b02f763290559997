package dev.overclock.jvm;

/** What a thread waited for, by the flight-recorder event that told. */
public enum Blocking {
  /** {@code jdk.JavaMonitorEnter}: entering a contended {@code synchronized}. */
  MONITOR("monitor", Category.LOCK),
  /** {@code jdk.ThreadPark}: {@code LockSupport.park}, under every concurrent lock. */
  PARK("park", Category.LOCK),
  /** {@code jdk.JavaMonitorWait}: {@code Object.wait}. */
  WAIT("wait", Category.LOCK),
  /** {@code jdk.ThreadSleep}: {@code Thread.sleep}. */
  SLEEP("sleep", Category.SLEEP),
  SOCKET_READ("socket-read", Category.IO),
  SOCKET_WRITE("socket-write", Category.IO),
  FILE_READ("file-read", Category.IO),
  FILE_WRITE("file-write", Category.IO);

  /** How the report groups blocking: contention (locks), I/O, sleeps. */
  public enum Category {
    LOCK,
    IO,
    SLEEP
  }

  private final String label;
  private final Category category;

  Blocking(String label, Category category) {
    this.label = label;
    this.category = category;
  }

  /** The lower-case name used in reports. */
  public String label() {
    return label;
  }

  public Category category() {
    return category;
  }
}
