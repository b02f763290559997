package dev.overclock.jvm;

import dev.overclock.report.JvmReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Virtual threads pinned to their carrier ({@code jdk.VirtualThreadPinned}, JDK 21+): the
 * heaviest sites, each with the top of one stack that pinned there.
 */
final class PinnedThreads {

  private final SiteTable sites;
  private final int top;
  private final int stackFrames;
  private boolean supported;

  /**
   * @param capacity the sites the table keeps
   * @param top the sites the report lists
   * @param stackFrames the frames kept of a pinned stack
   */
  PinnedThreads(int capacity, int top, int stackFrames) {
    sites = new SiteTable(capacity);
    this.top = top;
    this.stackFrames = stackFrames;
  }

  /** A thread pinned for {@code durationNanos} at {@code site}, with these frames (top first). */
  void pinned(String site, List<Frame> frames, long durationNanos) {
    List<String> stack = new ArrayList<>();
    for (int i = 0; i < frames.size() && i < stackFrames; i++) {
      stack.add(frames.get(i).site());
    }
    sites.add(site, "pinned", "", Math.max(0, durationNanos), 0, List.copyOf(stack));
  }

  /** Whether this JVM can report pinned virtual threads at all. */
  void supported(boolean supported) {
    this.supported = supported;
  }

  JvmReport.Pinning report() {
    List<JvmReport.PinnedSite> pinnedSites = new ArrayList<>();
    for (SiteTable.Entry entry : sites.top(top)) {
      pinnedSites.add(new JvmReport.PinnedSite(entry.site, entry.count, entry.weight, entry.max,
          entry.stack == null ? List.of() : entry.stack));
    }
    return new JvmReport.Pinning(supported, sites.events(), sites.total(), pinnedSites);
  }
}
