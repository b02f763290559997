package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.report.JvmReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Contention, I/O and allocation sites name where it happened and the application frame. */
class SiteFramesTest {

  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final Frame PARK = new Frame("jdk.internal.misc.Unsafe", "park", "(ZJ)V", 1);
  private static final Frame DB_LOCK = new Frame("org.hsqldb.Session", "lock", "()V", 310);
  private static final Frame QUERY = new Frame("org.hsqldb.jdbc.Statement", "executeQuery",
      "()V", 50);
  private static final Frame FIND = new Frame("com.acme.Orders", "find", "()V", 12);
  private static final Frame READ = new Frame("sun.nio.ch.NioSocketImpl", "read", "()I", 1);
  private static final Frame COPY = new Frame("java.util.Arrays", "copyOf", "([BI)[B", 3);
  private static final Frame RENDER = new Frame("com.acme.Page", "render", "()V", 71);

  private static JvmProfile profile() {
    return new JvmProfile(name -> name.startsWith("com.acme."));
  }

  @Test
  void sites_nameTheFrameWhereItHappened_andTheApplicationFrameThatLedThere() {
    JvmProfile profile = profile();
    profile.blocked(T0, Blocking.PARK, List.of(PARK, DB_LOCK, QUERY, FIND), "", 30_000_000L, 0,
        false);
    profile.blocked(T0, Blocking.SOCKET_READ, List.of(READ, RENDER), "localhost:80", 20_000_000L,
        10, false);
    profile.blocked(T0, Blocking.PARK, List.of(PARK, DB_LOCK), "", 10_000_000L, 0, false);
    profile.allocation(T0, List.of(COPY, RENDER), "byte[]", 4_096);

    JvmReport report = profile.report("live", 0, 0, List.of(), List.of());

    JvmReport.Site lock = report.contention().get(0);
    assertThat(lock.site()).isEqualTo("com.acme.Orders::find:12");
    assertThat(lock.frame()).isEqualTo("org.hsqldb.Session::lock:310");
    assertThat(lock.applicationFrame()).isEqualTo("com.acme.Orders::find:12");
    JvmReport.Site libraryOnly = report.contention().get(1);
    assertThat(libraryOnly.frame()).isEqualTo("org.hsqldb.Session::lock:310");
    assertThat(libraryOnly.applicationFrame()).isNull();
    JvmReport.Site read = report.io().get(0);
    assertThat(read.frame()).isEqualTo("com.acme.Page::render:71");
    assertThat(read.applicationFrame()).isEqualTo("com.acme.Page::render:71");
    JvmReport.AllocationSite allocation = report.allocation().topSites().get(0);
    assertThat(allocation.frame()).isEqualTo("com.acme.Page::render:71");
    assertThat(allocation.applicationFrame()).isEqualTo("com.acme.Page::render:71");
  }
}
