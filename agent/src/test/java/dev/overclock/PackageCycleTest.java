package dev.overclock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages depend on each other one way only: no package reaches, through any chain
 * of others, back to itself. The check reads the compiled classes, not the sources, so a fully
 * qualified name in code counts as much as an import, and so do types that only appear in
 * signatures, instructions, constants or annotations.
 */
class PackageCycleTest {

  private static final String ROOT = "dev/overclock/";

  @Test
  void agentPackages_formNoCycle() throws IOException {
    Map<String, Map<String, String>> graph = packageGraph(ClassReferences.mainClasses());
    assertThat(graph).as("packages found under target/classes").hasSizeGreaterThan(10);

    List<String> cycles = new ArrayList<>();
    for (Set<String> component : stronglyConnected(graph)) {
      if (component.size() > 1) {
        cycles.add("among " + component + ": " + describe(cycleThrough(graph, component), graph));
      }
    }

    assertThat(cycles).as("package cycles (each edge: package -> package, by example class)")
        .isEmpty();
  }

  /**
   * Dependencies that would form no cycle today but run against the intended flow: the JFR part
   * reaches the instrumenter only through {@code select.Retransformer}, so that it can never
   * grow into the transformer's internals.
   */
  @Test
  void forbiddenDependencies_areAbsent() throws IOException {
    Map<String, Map<String, String>> graph = packageGraph(ClassReferences.mainClasses());

    assertThat(forbidden(graph, Map.of("jfr", "instrument"))).isEmpty();
  }

  @Test
  void check_wouldCatchAForbiddenDependency() {
    Map<String, Map<String, String>> graph = new TreeMap<>();
    edge(graph, "jfr", "instrument", "jfr.HotMethodDetector -> instrument.Instrumenter");

    assertThat(forbidden(graph, Map.of("jfr", "instrument")))
        .containsExactly("jfr -> instrument (jfr.HotMethodDetector -> instrument.Instrumenter)");
  }

  /** The edges of {@code graph} that {@code rules} forbid (package -> package it must not use). */
  private static List<String> forbidden(Map<String, Map<String, String>> graph,
      Map<String, String> rules) {
    List<String> found = new ArrayList<>();
    rules.forEach((from, to) -> {
      String example = graph.getOrDefault(from, Map.of()).get(to);
      if (example != null) {
        found.add(from + " -> " + to + " (" + example + ")");
      }
    });
    return found;
  }

  @Test
  void check_wouldCatchACycle() {
    // The test above is only worth something if a cycle, direct or through a third package, is
    // found and named.
    Map<String, Map<String, String>> graph = new TreeMap<>();
    edge(graph, "a", "b", "a.A -> b.B");
    edge(graph, "b", "c", "b.B -> c.C");
    edge(graph, "c", "a", "c.C -> a.A");
    edge(graph, "c", "d", "c.C -> d.D");

    List<Set<String>> components = stronglyConnected(graph);
    Set<String> cyclic = components.stream().filter(c -> c.size() > 1).findFirst().orElseThrow();

    assertThat(cyclic).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(describe(cycleThrough(graph, cyclic), graph))
        .isEqualTo("a -> b -> c -> a (a.A -> b.B; b.B -> c.C; c.C -> a.A)");
  }

  @Test
  void scan_seesReferencesInMethodBodies() throws URISyntaxException {
    // A fully qualified name used in code shows up only in the instructions: ClassReferences
    // names Dispatcher nowhere but in mainClasses()'s body (a class literal).
    Path self = Path.of(ClassReferences.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).resolve("dev/overclock/ClassReferences.class");
    assertThat(ClassReferences.of(self)).contains("dev/overclock/bootstrap/Dispatcher");
  }

  // ---- the graph: package -> (package it uses -> one example "Class -> Class") ----

  private static Map<String, Map<String, String>> packageGraph(Path classes) throws IOException {
    Map<String, Map<String, String>> graph = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes.resolve(ROOT))) {
      files = walk.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    }
    for (Path file : files) {
      String self = classes.relativize(file).toString().replace('\\', '/');
      self = self.substring(0, self.length() - ".class".length());
      String from = packageOf(self);
      graph.computeIfAbsent(from, k -> new TreeMap<>());
      for (String type : ClassReferences.of(file)) {
        String to = packageOf(type);
        if (to != null && !to.equals(from)) {
          edge(graph, from, to, simple(self) + " -> " + simple(type));
        }
      }
    }
    return graph;
  }

  private static void edge(Map<String, Map<String, String>> graph, String from, String to,
      String example) {
    graph.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, example);
    graph.computeIfAbsent(to, k -> new TreeMap<>());
  }

  /** {@code agent} for {@code dev/overclock/agent/Version}; null outside the agent's packages. */
  private static String packageOf(String internalName) {
    if (!internalName.startsWith(ROOT)) {
      return null;
    }
    int slash = internalName.lastIndexOf('/');
    return slash < ROOT.length() ? null
        : internalName.substring(ROOT.length(), slash).replace('/', '.');
  }

  private static String simple(String internalName) {
    return internalName.substring(ROOT.length()).replace('/', '.');
  }

  // ---- cycles ----

  /** "a -> b -> a (a.A -> b.B; b.B -> a.A)": the packages, then one class reference per edge. */
  private static String describe(List<String> cycle, Map<String, Map<String, String>> graph) {
    List<String> examples = new ArrayList<>();
    for (int i = 0; i + 1 < cycle.size(); i++) {
      examples.add(graph.get(cycle.get(i)).get(cycle.get(i + 1)));
    }
    return String.join(" -> ", cycle) + " (" + String.join("; ", examples) + ")";
  }

  /** Tarjan's strongly connected components; a component of more than one package is a cycle. */
  private static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> components = new ArrayList<>();
    for (String node : graph.keySet()) {
      if (!index.containsKey(node)) {
        connect(node, graph, index, low, stack, onStack, components);
      }
    }
    return components;
  }

  private static void connect(String node, Map<String, Map<String, String>> graph,
      Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
      Set<String> onStack, List<Set<String>> components) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (String next : graph.get(node).keySet()) {
      if (!index.containsKey(next)) {
        connect(next, graph, index, low, stack, onStack, components);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      Set<String> component = new TreeSet<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      components.add(component);
    }
  }

  /** A shortest path from the component's first package back to itself, inside the component. */
  private static List<String> cycleThrough(Map<String, Map<String, String>> graph,
      Set<String> component) {
    String start = component.iterator().next();
    Map<String, String> cameFrom = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String node = queue.poll();
      for (String next : graph.get(node).keySet()) {
        if (next.equals(start)) {
          List<String> path = new ArrayList<>();
          for (String at = node; at != null; at = cameFrom.get(at)) {
            path.add(0, at);
          }
          path.add(start);
          return path;
        }
        if (component.contains(next) && !cameFrom.containsKey(next) && !next.equals(start)) {
          cameFrom.put(next, node);
          queue.add(next);
        }
      }
    }
    throw new IllegalStateException("no cycle through " + start);
  }
}
