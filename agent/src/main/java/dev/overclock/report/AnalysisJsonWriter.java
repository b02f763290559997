package dev.overclock.report;

/**
 * Renders the {@link Analysis} as the report's {@code analysis} member ({@code null} in a live
 * report), in the shape {@code docs/report-schema.md} specifies.
 */
final class AnalysisJsonWriter {

  private AnalysisJsonWriter() {}

  static void write(JsonWriter json, Analysis analysis) {
    json.name("analysis");
    if (analysis == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("recording").value(analysis.recording());
    json.name("bytes").value(analysis.bytes());
    json.name("events").value(analysis.events());
    json.name("stoppedAt").value(analysis.stoppedAt());
    json.name("unavailable").beginArray();
    for (String line : analysis.unavailable()) {
      json.value(line);
    }
    json.endArray();
    json.name("latencySource").value(analysis.latencySource());
    json.name("callPaths").beginArray();
    for (Analysis.CallPath path : analysis.callPaths()) {
      json.beginObject();
      json.name("key").value(path.key());
      json.name("frames").beginArray();
      json.indent(false);
      for (String frame : path.frames()) {
        json.value(frame);
      }
      json.endArray();
      json.indent(true);
      json.name("samples").value(path.samples());
      json.endObject();
    }
    json.endArray();
    json.name("exceptions").beginArray();
    for (Analysis.ExceptionSite site : analysis.exceptions()) {
      json.beginObject();
      json.name("site").value(site.site());
      json.name("throwableClass").value(site.throwableClass());
      json.name("count").value(site.count());
      json.endObject();
    }
    json.endArray();
    json.name("rules").beginArray();
    for (Analysis.RuleResult rule : analysis.rules()) {
      json.beginObject();
      json.name("id").value(rule.id());
      json.name("name").value(rule.name());
      json.name("topic").value(rule.topic());
      json.name("severity").value(rule.severity());
      json.name("score").value(rule.score());
      json.name("message").value(rule.message());
      json.endObject();
    }
    json.endArray();
    json.name("rulesNote").value(analysis.rulesNote());
    json.endObject();
  }
}
