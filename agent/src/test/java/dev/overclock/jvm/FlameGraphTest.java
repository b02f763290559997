package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.report.JvmReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlameGraphTest {

  private static Frame frame(String name) {
    return new Frame("com.acme." + name, "run", "()V", 0);
  }

  @Test
  void samples_mergeIntoCallPaths_rootFirst() {
    FlameGraph graph = new FlameGraph(100);

    graph.add(List.of(frame("C"), frame("B"), frame("A")), 1);
    graph.add(List.of(frame("B"), frame("A")), 1);
    graph.add(List.of(frame("D"), frame("A")), 2);

    JvmReport.FlameNode root = graph.report(0, 100).root();
    assertThat(root.name()).isEqualTo("all");
    assertThat(root.value()).isEqualTo(4);
    JvmReport.FlameNode a = root.children().get(0);
    assertThat(a.name()).isEqualTo("com.acme.A::run");
    assertThat(a.value()).isEqualTo(4);
    // children largest first
    assertThat(a.children()).extracting(JvmReport.FlameNode::name)
        .containsExactly("com.acme.B::run", "com.acme.D::run");
    JvmReport.FlameNode b = a.children().get(0);
    assertThat(b.value()).isEqualTo(2);
    assertThat(b.self()).isEqualTo(1);
  }

  @Test
  void aFullTree_stopsGrowing_butKeepsExactTotals() {
    FlameGraph graph = new FlameGraph(3); // root + 2 nodes

    graph.add(List.of(frame("B"), frame("A")), 1);
    graph.add(List.of(frame("C"), frame("B"), frame("A")), 1);
    graph.add(List.of(frame("X")), 1);

    JvmReport.FlameGraph report = graph.report(0, 100);
    assertThat(report.samples()).isEqualTo(3);
    assertThat(report.truncatedSamples()).isEqualTo(2);
    assertThat(report.nodes()).isEqualTo(3);
    assertThat(report.root().self()).isEqualTo(1); // X had no room: counted at the root
  }

  @Test
  void report_leavesOutSmallNodes_andCountsThem() {
    FlameGraph graph = new FlameGraph(100);
    graph.add(List.of(frame("Big")), 999);
    graph.add(List.of(frame("Tiny")), 1);

    JvmReport.FlameGraph report = graph.report(0.01, 100);

    assertThat(report.root().children()).extracting(JvmReport.FlameNode::name)
        .containsExactly("com.acme.Big::run");
    assertThat(report.omittedNodes()).isEqualTo(1);
    assertThat(report.root().value()).isEqualTo(1000);
  }
}
