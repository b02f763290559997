package dev.overclock.jvm;

import dev.overclock.report.JvmReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Execution samples merged into a tree of call paths (a trie from the thread's root frame to the
 * frame that was running), the data of a flame graph.
 *
 * <p>Bounded: once the tree holds {@code maxNodes} nodes, a sample whose path leaves the tree is
 * counted at the deepest node it still reaches (as that node's own time) and in {@link
 * #truncatedSamples}, so totals stay exact while new paths stop adding memory. Frames are named
 * {@code class::method}: overloads share a node, as in other flame graphs.
 */
final class FlameGraph {

  private final int maxNodes;
  private final Node root = new Node("all");
  private int nodes = 1;
  private long truncatedSamples;

  FlameGraph(int maxNodes) {
    this.maxNodes = maxNodes;
  }

  /** Adds one sample; {@code topFirst} lists the running frame first, as recordings do. */
  void add(List<Frame> topFirst, long weight) {
    Node node = root;
    node.value += weight;
    boolean truncated = false;
    for (int i = topFirst.size() - 1; i >= 0; i--) {
      String name = topFirst.get(i).name();
      Node child = node.children == null ? null : node.children.get(name);
      if (child == null) {
        if (nodes >= maxNodes) {
          truncated = true;
          break;
        }
        child = new Node(name);
        if (node.children == null) {
          node.children = new HashMap<>(4);
        }
        node.children.put(name, child);
        nodes++;
      }
      child.value += weight;
      node = child;
    }
    node.self += weight;
    if (truncated) {
      truncatedSamples += weight;
    }
  }

  long samples() {
    return root.value;
  }

  /**
   * The tree for the report, without nodes below {@code minShare} of all samples (their time
   * stays in their parent's total) and at most {@code maxReportNodes} nodes, largest first.
   */
  JvmReport.FlameGraph report(double minShare, int maxReportNodes) {
    long min = Math.max(1, (long) Math.ceil(root.value * minShare));
    int[] budget = {maxReportNodes - 1};
    long[] dropped = {0};
    JvmReport.FlameNode tree = copy(root, min, budget, dropped);
    return new JvmReport.FlameGraph(root.value, truncatedSamples, nodes, dropped[0], tree);
  }

  private static JvmReport.FlameNode copy(Node node, long min, int[] budget, long[] dropped) {
    List<JvmReport.FlameNode> children = new ArrayList<>();
    if (node.children != null) {
      List<Node> sorted = new ArrayList<>(node.children.values());
      sorted.sort(Comparator.comparingLong((Node n) -> n.value).reversed()
          .thenComparing(n -> n.name));
      for (Node child : sorted) {
        if (child.value < min || budget[0] <= 0) {
          dropped[0]++;
          continue;
        }
        budget[0]--;
        children.add(copy(child, min, budget, dropped));
      }
    }
    return new JvmReport.FlameNode(node.name, node.value, node.self, children);
  }

  /** Samples whose path was cut short because the tree was full. */
  long truncatedSamples() {
    return truncatedSamples;
  }

  private static final class Node {
    final String name;
    long value;
    long self;
    Map<String, Node> children;

    Node(String name) {
      this.name = name;
    }
  }
}
