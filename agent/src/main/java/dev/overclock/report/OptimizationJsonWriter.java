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

  private static void nanos(JsonWriter json, String name, double nanos) {
    json.name(name);
    if (nanos < 0) {
      json.nullValue();
    } else {
      json.value(nanos);
    }
  }
}
