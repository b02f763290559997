package dev.overclock.report;

import java.util.List;

/** Writes the report's {@code optimizations} array (see {@link OptimizationReport}). */
final class OptimizationJsonWriter {

  private OptimizationJsonWriter() {}

  static void write(JsonWriter json, List<OptimizationReport> optimizations) {
    json.name("optimizations").beginArray();
    for (OptimizationReport change : optimizations) {
      json.beginObject();
      json.name("key").value(change.key());
      json.name("name").value(change.name());
      json.name("change").value(change.change());
      json.name("state").value(change.state());
      json.name("reason").value(change.reason());
      json.name("evidence").value(change.evidence());
      json.name("at").value(change.at() == null ? null : change.at().toString());
      json.name("repeatRate").value(change.repeatRate());
      nanos(json, "perCallNanosBefore", change.perCallNanosBefore());
      nanos(json, "perCallNanosAfter", change.perCallNanosAfter());
      json.name("hits").value(change.hits());
      json.name("verifyChecks").value(change.verifyChecks());
      gain(json, change.gain());
      json.name("undoneBecause").value(change.undoneBecause());
      pool(json, change.pool());
      json.endObject();
    }
    json.endArray();
  }

  private static void gain(JsonWriter json, OptimizationReport.Gain gain) {
    json.name("gain");
    if (gain == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("callsBefore").value(gain.callsBefore());
    json.name("callsAfter").value(gain.callsAfter());
    json.name("medianNanosBefore").value(gain.medianNanosBefore());
    json.name("medianNanosAfter").value(gain.medianNanosAfter());
    json.name("pValue").value(gain.pValue());
    json.name("verdict").value(gain.verdict());
    json.endObject();
  }

  /** A pool move's figures; -1 (not measured) and an infinite rate are written as null. */
  private static void pool(JsonWriter json, OptimizationReport.Pool pool) {
    json.name("pool");
    if (pool == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("where").value(pool.where());
    json.name("factory").value(pool.factory());
    json.name("size").value(pool.size());
    json.name("movedAt").value(pool.movedAt() == null ? null : pool.movedAt().toString());
    measured(json, "platformPerSecond", pool.platformPerSecond());
    measured(json, "virtualPerSecond", pool.virtualPerSecond());
    measured(json, "gain", pool.gain());
    json.name("verdict").value(pool.verdict());
    json.endObject();
  }

  private static void measured(JsonWriter json, String name, double value) {
    nanos(json, name, value);
  }

  private static void nanos(JsonWriter json, String name, double nanos) {
    json.name(name);
    if (nanos < 0) {
      json.nullValue();
    } else {
      json.value(nanos);
    }
  }
}
