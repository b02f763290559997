package dev.overclock.governor;

import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;

/**
 * The machine's CPU load over the time since it was last read, 0 to 1 of all cores (of the
 * container, where the JVM runs in one), from the JDK's {@code com.sun.management} operating
 * system bean; negative where that is not available. Read once per detector window, to pace code
 * changes on a saturated machine ({@link CodeChangeWatch}).
 */
public final class MachineLoad {

  private MachineLoad() {}

  /** A reader of the load, or one that always answers "unknown" (-1) on a JVM without it. */
  public static DoubleSupplier reader() {
    try {
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean bean) {
        bean.getCpuLoad(); // the first reading starts the interval
        return () -> {
          try {
            return bean.getCpuLoad();
          } catch (RuntimeException e) {
            return -1;
          }
        };
      }
    } catch (RuntimeException | LinkageError e) {
      // no jdk.management module, or no bean: unknown
    }
    return () -> -1;
  }
}
