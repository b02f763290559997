package dev.overclock.report;

/**
 * Renders the report's {@code health} member, with the overhead governor's {@code overhead}
 * object inside it when the governor ran. Its own class because the governor's section grew big
 * enough to crowd the rest of {@link JsonReportWriter}; the shape is {@code
 * docs/report-schema.md}'s.
 */
final class HealthJsonWriter {

  private HealthJsonWriter() {}

  static void write(JsonWriter json, Report.Health health) {
    json.name("health").beginObject();
    json.name("instrumentedMethods").value(health.instrumentedMethods());
    json.name("instrumentedClasses").value(health.instrumentedClasses());
    json.name("suppressedAdviceErrors").value(health.suppressedAdviceErrors());
    json.name("failedClasses").value(health.failedClasses());
    json.name("reportWriteErrors").value(health.reportWriteErrors());
    json.name("droppedCalls").value(health.droppedCalls());
    json.name("problems").beginArray();
    for (String problem : health.problems()) {
      json.value(problem);
    }
    json.endArray();
    if (health.overhead() != null) {
      overhead(json, health.overhead());
    }
    json.endObject();
  }

  private static void overhead(JsonWriter json, Report.Overhead overhead) {
    json.name("overhead").beginObject();
    json.name("budget").value(overhead.budget());
    json.name("overhead").value(overhead.overhead());
    json.name("lastPeriod").value(overhead.lastPeriod());
    json.name("worstPeriod").value(overhead.worstPeriod());
    json.name("periods").value(overhead.periods());
    json.name("agentThreadsCpuNanos").value(overhead.agentThreadsCpuNanos());
    json.name("adviceNanos").value(overhead.adviceNanos());
    json.name("agentGcCpuNanos").value(overhead.agentGcCpuNanos());
    json.name("applicationCpuNanos").value(overhead.applicationCpuNanos());
    json.name("clockedCallNanos").value(overhead.clockedCallNanos());
    json.name("unclockedCallNanos").value(overhead.unclockedCallNanos());
    json.name("startCpuNanos").value(overhead.startCpuNanos());
    if (overhead.agentJitNanos() >= 0) {
      json.name("agentJitNanos").value(overhead.agentJitNanos());
    }
    json.name("shed").beginArray();
    for (String step : overhead.shed()) {
      json.value(step);
    }
    json.endArray();
    json.name("steps").beginArray();
    for (Report.ShedStep step : overhead.steps()) {
      json.beginObject();
      json.name("at").value(step.at().toString());
      json.name("action").value(step.action());
      json.name("step").value(step.step());
      json.name("overhead").value(step.overhead());
      json.endObject();
    }
    json.endArray();
    json.name("kept").beginArray();
    for (Report.KeptStep step : overhead.kept()) {
      json.beginObject();
      json.name("step").value(step.step());
      json.name("why").value(step.why());
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }
}
