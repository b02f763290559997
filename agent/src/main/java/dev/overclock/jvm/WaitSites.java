package dev.overclock.jvm;

import dev.overclock.report.JvmReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The heaviest sites of allocation ({@code jdk.ObjectAllocationSample}), of contention (locks,
 * parks, waits, sleeps) and of blocking I/O, each in a bounded {@link SiteTable}.
 */
final class WaitSites {

  private final SiteTable allocations;
  private final SiteTable contention;
  private final SiteTable io;
  private final int top;

  /**
   * @param capacity the sites each table keeps
   * @param top the sites each report section lists
   */
  WaitSites(int capacity, int top) {
    allocations = new SiteTable(capacity);
    contention = new SiteTable(capacity);
    io = new SiteTable(capacity);
    this.top = top;
  }

  /**
   * Where an event happened: a value, equal by its three strings. Not a record only so that it
   * can keep the last site table key made of it ({@link SiteTable}): the readers share one per
   * stack, whose events are mostly of one kind and detail, and looking the key up was three hash
   * lookups for every allocation sample and wait.
   */
  static final class Where {
    private final String site;
    private final String frame;
    private final String applicationFrame;
    private String keyKind;
    private String keyDetail;
    private String key;

    /**
     * @param site the innermost application frame, else the innermost frame outside the JDK
     * @param frame the innermost frame outside the JDK (library code included), else the top
     *     frame
     * @param applicationFrame the innermost application frame, or {@code null} when none
     */
    Where(String site, String frame, String applicationFrame) {
      this.site = site;
      this.frame = frame;
      this.applicationFrame = applicationFrame;
    }

    String site() {
      return site;
    }

    String frame() {
      return frame;
    }

    String applicationFrame() {
      return applicationFrame;
    }

    /** The site table key last made of this where for this kind and detail, or {@code null}. */
    String key(String kind, String detail) {
      return key != null && Objects.equals(kind, keyKind) && Objects.equals(detail, keyDetail)
          ? key : null;
    }

    void key(String kind, String detail, String key) {
      this.keyKind = kind;
      this.keyDetail = detail;
      this.key = key;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      return other instanceof Where that && Objects.equals(site, that.site)
          && Objects.equals(frame, that.frame)
          && Objects.equals(applicationFrame, that.applicationFrame);
    }

    @Override
    public int hashCode() {
      return (31 * Objects.hashCode(site) + Objects.hashCode(frame)) * 31
          + Objects.hashCode(applicationFrame);
    }

    @Override
    public String toString() {
      return "Where[site=" + site + ", frame=" + frame + ", applicationFrame="
          + applicationFrame + "]";
    }
  }

  /** An allocation sample standing for {@code weightBytes} (allocated since the last sample). */
  void allocation(Where where, String objectClass, long weightBytes) {
    allocations.add(where, "allocation", objectClass, Math.max(0, weightBytes), 0);
  }

  /**
   * {@code events} allocation samples of one site and class at once: {@code weightBytes} in all
   * (each at least 0), {@code maxBytes} the largest.
   */
  void allocations(Where where, String objectClass, long events, long weightBytes,
      long maxBytes) {
    allocations.add(where, "allocation", objectClass, events, weightBytes, maxBytes, 0);
  }

  /** A thread waited {@code nanos} at {@code where}; I/O events also moved {@code bytes}. */
  void blocked(Blocking kind, Where where, String detail, long nanos, long bytes) {
    blocked(kind, where, detail, 1, nanos, nanos, Math.max(0, bytes));
  }

  /**
   * {@code events} waits of one kind and detail at {@code where} at once: {@code nanos} in all,
   * {@code maxNanos} the longest; {@code bytes} (each at least 0) moved by I/O events.
   */
  void blocked(Blocking kind, Where where, String detail, long events, long nanos,
      long maxNanos, long bytes) {
    if (kind.category() == Blocking.Category.IO) {
      io.add(where, kind.label(), detail, events, nanos, maxNanos, bytes);
    } else {
      contention.add(where, kind.label(), detail, events, nanos, maxNanos, 0);
    }
  }

  /** Whether the table of this kind's events ({@code null}: allocations) holds all it can. */
  boolean full(Blocking kind) {
    if (kind == null) {
      return allocations.full();
    }
    return kind.category() == Blocking.Category.IO ? io.full() : contention.full();
  }

  /**
   * Whether adding an event would replace another site in its table: {@code kind} {@code null}
   * for an allocation sample.
   */
  boolean wouldEvict(Blocking kind, Where where, String detail) {
    if (kind == null) {
      return allocations.wouldEvict(where, "allocation", detail);
    }
    return kind.category() == Blocking.Category.IO
        ? io.wouldEvict(where, kind.label(), detail)
        : contention.wouldEvict(where, kind.label(), detail);
  }

  /** The allocation section; {@code durationNanos} is the period the events covered. */
  JvmReport.Allocation allocationReport(long durationNanos) {
    long allocated = allocations.total();
    List<JvmReport.AllocationSite> sites = new ArrayList<>();
    for (SiteTable.Entry entry : allocations.top(top)) {
      sites.add(new JvmReport.AllocationSite(entry.site, entry.detail, entry.weight,
          allocated == 0 ? 0 : (double) entry.weight / allocated, entry.frame,
          entry.applicationFrame));
    }
    return new JvmReport.Allocation(allocations.events(), allocated,
        durationNanos == 0 ? 0 : allocated / (durationNanos / 1e9), sites);
  }

  /** The heaviest contention sites. */
  List<JvmReport.Site> contentionReport() {
    return sites(contention);
  }

  /** The heaviest blocking I/O sites. */
  List<JvmReport.Site> ioReport() {
    return sites(io);
  }

  private List<JvmReport.Site> sites(SiteTable table) {
    List<JvmReport.Site> sites = new ArrayList<>();
    for (SiteTable.Entry entry : table.top(top)) {
      sites.add(new JvmReport.Site(entry.site, entry.kind, entry.detail, entry.count, entry.weight,
          entry.max, entry.bytes, entry.frame, entry.applicationFrame));
    }
    return sites;
  }
}
