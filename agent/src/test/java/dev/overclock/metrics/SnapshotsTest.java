package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotsTest {

  private static final MethodRef QUOTE =
      new MethodRef("com.acme.Pricing", "quote", "(I)J", "annotation");

  @Test
  void everyWindow_reachesEveryListener_whoeverTookIt() {
    TimingRecorders recorders = new TimingRecorders(null, 16);
    int id = recorders.register(QUOTE);
    Snapshots snapshots = new Snapshots(recorders);
    List<Snapshots.Window> first = new ArrayList<>();
    List<Snapshots.Window> second = new ArrayList<>();
    snapshots.addListener(first::add);
    snapshots.addListener(second::add);

    recorders.recordForTest(id, 1_000, false);
    snapshots.take(); // the report, say
    recorders.recordForTest(id, 2_000, false);
    recorders.recordForTest(id, 3_000, true);
    snapshots.take(); // JFR's periodic hook, say

    assertThat(first).hasSize(2).isEqualTo(second);
    assertThat(first.get(0).methods().get(0).window().calls()).isEqualTo(1);
    assertThat(first.get(1).methods().get(0).window().calls()).isEqualTo(2);
    assertThat(first.get(1).methods().get(0).windowErrors()).isEqualTo(1);
    assertThat(first.get(1).methods().get(0).calls()).isEqualTo(3);
    // contiguous: each window starts where the previous one ended
    assertThat(first.get(1).startNanos()).isEqualTo(first.get(0).endNanos());
  }

  @Test
  void aFailingListener_doesNotStopTheOthers() {
    TimingRecorders recorders = new TimingRecorders(null, 16);
    recorders.recordForTest(recorders.register(QUOTE), 1_000, false);
    Snapshots snapshots = new Snapshots(recorders);
    List<Snapshots.Window> seen = new ArrayList<>();
    snapshots.addListener(window -> {
      throw new IllegalStateException("broken listener");
    });
    snapshots.addListener(seen::add);

    List<MethodSnapshot> taken = snapshots.take();

    assertThat(seen).hasSize(1);
    assertThat(taken).hasSize(1);
    assertThat(snapshots.latest()).isEqualTo(taken);
  }

  @Test
  void idleMethod_keepsItsCumulativeFigures_acrossEmptyWindows() {
    TimingRecorders recorders = new TimingRecorders(null, 16);
    int id = recorders.register(QUOTE);
    recorders.recordForTest(id, 5_000, false);
    Snapshots snapshots = new Snapshots(recorders);

    MethodSnapshot busy = snapshots.take().get(0);
    MethodSnapshot idle = snapshots.take().get(0);

    assertThat(idle.window().calls()).isZero();
    assertThat(idle.calls()).isEqualTo(1);
    assertThat(idle.latency()).isEqualTo(busy.latency());
  }
}
