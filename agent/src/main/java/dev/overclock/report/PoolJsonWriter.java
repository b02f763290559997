package dev.overclock.report;

import dev.overclock.offload.PoolSnapshot;

/**
 * Renders one entry of the report's {@code pools} array (a thread pool Overclock watched or
 * converted). Its own class because a pool carries its own nested objects (configured sizes,
 * limit history, wait and task times, evidence) that have nothing to do with methods; the shape
 * is {@code docs/report-schema.md}'s.
 */
final class PoolJsonWriter {

  private PoolJsonWriter() {}

  static void write(JsonWriter json, PoolReport report) {
    PoolSnapshot pool = report.pool();
    json.beginObject();
    json.name("site").value(pool.site());
    json.name("className").value(report.className());
    json.name("methodName").value(report.methodName());
    json.name("line");
    if (report.line() > 0) {
      json.value(report.line());
    } else {
      json.nullValue();
    }
    json.name("factory").value(report.factory());
    json.name("configured").beginObject();
    json.name("coreSize").value(pool.coreSize());
    unbounded(json.name("maxSize"), pool.maxSize() == Integer.MAX_VALUE ? -1 : pool.maxSize());
    unbounded(json.name("queueCapacity"), pool.queueCapacity());
    json.endObject();
    json.name("mode").value(pool.state());
    json.name("reason").value(pool.reason());
    json.name("movePaid").value(pool.movePaid());
    json.name("tasks").value(report.tasks());
    json.name("virtualTasks").value(pool.virtualTasks());
    json.name("platformTasks").value(pool.platformTasks());
    json.name("running").value(pool.running());
    json.name("maxRunning").value(pool.maxRunning());
    json.name("queued").value(pool.queued());
    json.name("limit").beginObject();
    json.name("current").value(pool.limit());
    json.name("lowest").value(pool.lowestLimit());
    json.name("highest").value(pool.highestLimit());
    json.name("changes").value(pool.limitChanges());
    json.name("recent").beginArray();
    for (PoolSnapshot.LimitChange change : pool.recentLimitChanges()) {
      json.beginObject();
      json.name("at").value(change.at().toString());
      json.name("from").value(change.from());
      json.name("to").value(change.to());
      json.name("why").value(change.why());
      json.endObject();
    }
    json.endArray();
    json.endObject();
    times(json.name("queueWaitNanos"), pool.queueWait());
    times(json.name("taskNanos"), pool.taskTime());
    json.name("pinning");
    if (pool.pinnedEvents() == 0) {
      json.nullValue();
    } else {
      json.beginObject();
      json.name("events").value(pool.pinnedEvents());
      json.name("frame").value(pool.pinnedFrame());
      json.endObject();
    }
    PoolSnapshot.Evidence evidence = pool.evidence();
    json.name("evidence").beginObject();
    json.name("sampledTasks").value(evidence.sampled());
    json.name("blockedShare");
    if (evidence.blockedShare() < 0) {
      json.nullValue();
    } else {
      json.value(evidence.blockedShare());
    }
    json.name("waitedTasks").value(evidence.waited());
    json.endObject();
    json.endObject();
  }

  /** A size, or {@code null} for none (-1). */
  private static void unbounded(JsonWriter json, int value) {
    if (value < 0) {
      json.nullValue();
    } else {
      json.value(value);
    }
  }

  private static void times(JsonWriter json, PoolSnapshot.Times times) {
    json.beginObject();
    json.name("count").value(times.count());
    json.name("p50").value(times.p50());
    json.name("p95").value(times.p95());
    json.name("p99").value(times.p99());
    json.name("max").value(times.max());
    json.endObject();
  }
}
