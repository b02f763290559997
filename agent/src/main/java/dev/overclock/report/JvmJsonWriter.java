package dev.overclock.report;

import java.util.List;

/**
 * Renders the {@link JvmReport} as the report's {@code jvm} member ({@code null} when there is
 * none), in the shape {@code docs/report-schema.md} specifies.
 */
final class JvmJsonWriter {

  private JvmJsonWriter() {}

  static void write(JsonWriter json, JvmReport jvm) {
    json.name("jvm");
    if (jvm == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("source").value(jvm.source());
    json.name("from").value(jvm.from() == null ? null : jvm.from().toString());
    json.name("to").value(jvm.to() == null ? null : jvm.to().toString());
    json.name("durationNanos").value(jvm.durationNanos());
    json.name("sampleIntervalNanos").value(jvm.sampleIntervalNanos());
    json.name("observedSampleIntervalNanos").value(jvm.observedSampleIntervalNanos());
    json.name("thresholdNanos").value(jvm.thresholdNanos());
    strings(json, "events", jvm.events());
    strings(json, "missingEvents", jvm.missingEvents());
    cpu(json, jvm.cpu());
    gc(json, jvm.gc());
    allocation(json, jvm.allocation());
    sites(json, "contention", jvm.contention());
    sites(json, "io", jvm.io());
    pinning(json, jvm.pinning());
    hotMethods(json, "hotMethods", jvm.hotMethods());
    hotMethods(json, "topMethods", jvm.topMethods());
    waitingMethods(json, jvm.waitingMethods());
    coverage(json, jvm.coverage());
    JvmReport.FlameGraph flame = jvm.flameGraph();
    json.name("flameGraph").beginObject();
    json.name("samples").value(flame.samples());
    json.name("truncatedSamples").value(flame.truncatedSamples());
    json.name("nodes").value(flame.nodes());
    json.name("omittedNodes").value(flame.omittedNodes());
    json.name("root");
    json.indent(false);
    node(json, flame.root());
    json.indent(true);
    json.endObject();
    json.endObject();
  }

  private static void strings(JsonWriter json, String name, List<String> values) {
    json.name(name).beginArray();
    for (String value : values) {
      json.value(value);
    }
    json.endArray();
  }

  private static void cpu(JsonWriter json, JvmReport.Cpu cpu) {
    json.name("cpu").beginObject();
    json.name("averageProcess").value(cpu.averageProcess());
    json.name("averageMachine").value(cpu.averageMachine());
    json.name("series").beginArray();
    for (JvmReport.CpuPoint point : cpu.series()) {
      json.beginObject();
      json.name("offsetNanos").value(point.offsetNanos());
      json.name("process").value(point.process());
      json.name("machine").value(point.machine());
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  private static void gc(JsonWriter json, JvmReport.Gc gc) {
    json.name("gc").beginObject();
    json.name("collections").value(gc.collections());
    json.name("totalPauseNanos").value(gc.totalPauseNanos());
    json.name("pauseShare").value(gc.pauseShare());
    json.name("pauseNanos").beginObject();
    json.name("p50").value(gc.p50PauseNanos());
    json.name("p99").value(gc.p99PauseNanos());
    json.name("max").value(gc.maxPauseNanos());
    json.endObject();
    json.name("collectors").beginArray();
    for (JvmReport.Collector collector : gc.collectors()) {
      json.beginObject();
      json.name("name").value(collector.name());
      json.name("collections").value(collector.collections());
      json.name("totalPauseNanos").value(collector.totalPauseNanos());
      json.endObject();
    }
    json.endArray();
    json.name("heapAfterGc").beginArray();
    for (JvmReport.HeapPoint point : gc.heapAfterGc()) {
      json.beginObject();
      json.name("offsetNanos").value(point.offsetNanos());
      json.name("usedBytes").value(point.usedBytes());
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  private static void allocation(JsonWriter json, JvmReport.Allocation allocation) {
    json.name("allocation").beginObject();
    json.name("samples").value(allocation.samples());
    json.name("bytes").value(allocation.bytes());
    json.name("bytesPerSecond").value(allocation.bytesPerSecond());
    json.name("topSites").beginArray();
    for (JvmReport.AllocationSite site : allocation.topSites()) {
      json.beginObject();
      json.name("site").value(site.site());
      json.name("objectClass").value(site.objectClass());
      json.name("bytes").value(site.bytes());
      json.name("share").value(site.share());
      json.name("frame").value(site.frame());
      json.name("applicationFrame").value(site.applicationFrame());
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  private static void hotMethods(JsonWriter json, String name, List<JvmReport.HotMethod> hot) {
    json.name(name).beginArray();
    for (JvmReport.HotMethod method : hot) {
      json.beginObject();
      json.name("name").value(method.name());
      json.name("key").value(method.key());
      json.name("selfSamples").value(method.selfSamples());
      json.name("totalSamples").value(method.totalSamples());
      json.name("selfShare").value(method.selfShare());
      json.name("totalShare").value(method.totalShare());
      json.name("topSamples").value(method.topSamples());
      json.name("topShare").value(method.topShare());
      json.name("applicationFrame").value(method.applicationFrame());
      json.name("timed").value(method.timed());
      json.name("note").value(method.note());
      json.endObject();
    }
    json.endArray();
  }

  private static void coverage(JsonWriter json, JvmReport.Coverage coverage) {
    json.name("coverage");
    if (coverage == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("timedMethods").value(coverage.timedMethods());
    json.name("applicationSamples").value(coverage.applicationSamples());
    json.name("coveredSamples").value(coverage.coveredSamples());
    json.name("share").value(coverage.share());
    json.name("window").beginObject();
    json.name("applicationSamples").value(coverage.windowApplicationSamples());
    json.name("coveredSamples").value(coverage.windowCoveredSamples());
    json.name("share").value(coverage.windowShare());
    json.endObject();
    json.endObject();
  }

  private static void waitingMethods(JsonWriter json, List<JvmReport.WaitingMethod> waiting) {
    json.name("waitingMethods").beginArray();
    for (JvmReport.WaitingMethod method : waiting) {
      json.beginObject();
      json.name("name").value(method.name());
      json.name("key").value(method.key());
      json.name("waitNanos").value(method.waitNanos());
      json.name("events").value(method.events());
      json.name("maxNanos").value(method.maxNanos());
      json.name("lockNanos").value(method.lockNanos());
      json.name("ioNanos").value(method.ioNanos());
      json.name("sleepNanos").value(method.sleepNanos());
      json.name("share").value(method.share());
      json.name("kind").value(method.kind());
      json.name("waitedIn").value(method.waitedIn());
      json.name("applicationFrame").value(method.applicationFrame());
      json.name("boundary").value(method.boundary());
      json.name("timed").value(method.timed());
      json.name("note").value(method.note());
      json.endObject();
    }
    json.endArray();
  }

  private static void sites(JsonWriter json, String name, List<JvmReport.Site> sites) {
    json.name(name).beginArray();
    for (JvmReport.Site site : sites) {
      json.beginObject();
      json.name("site").value(site.site());
      json.name("kind").value(site.kind());
      json.name("detail").value(site.detail());
      json.name("count").value(site.count());
      json.name("totalNanos").value(site.totalNanos());
      json.name("maxNanos").value(site.maxNanos());
      json.name("bytes").value(site.bytes());
      json.name("frame").value(site.frame());
      json.name("applicationFrame").value(site.applicationFrame());
      json.endObject();
    }
    json.endArray();
  }

  private static void pinning(JsonWriter json, JvmReport.Pinning pinning) {
    json.name("pinning").beginObject();
    json.name("supported").value(pinning.supported());
    json.name("count").value(pinning.count());
    json.name("totalNanos").value(pinning.totalNanos());
    json.name("sites").beginArray();
    for (JvmReport.PinnedSite site : pinning.sites()) {
      json.beginObject();
      json.name("site").value(site.site());
      json.name("count").value(site.count());
      json.name("totalNanos").value(site.totalNanos());
      json.name("maxNanos").value(site.maxNanos());
      json.name("stack").beginArray();
      for (String frame : site.stack()) {
        json.value(frame);
      }
      json.endArray();
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  /** A flame-graph node: short member names, since the tree can hold thousands of them. */
  private static void node(JsonWriter json, JvmReport.FlameNode node) {
    json.beginObject();
    json.name("name").value(node.name());
    json.name("value").value(node.value());
    json.name("self").value(node.self());
    json.name("children").beginArray();
    for (JvmReport.FlameNode child : node.children()) {
      node(json, child);
    }
    json.endArray();
    json.endObject();
  }
}
