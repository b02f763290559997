package dev.overclock.report;

import dev.overclock.config.Setting;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link Report} as {@code report.json}, in the shape {@code docs/report-schema.md}
 * specifies (a unit test validates the output against the schema in that document).
 */
public final class JsonReportWriter {

  private JsonReportWriter() {}

  /** Indented JSON, for the file a person may also open. */
  public static String write(Report report) {
    return write(report, true);
  }

  static String write(Report report, boolean pretty) {
    JsonWriter json = new JsonWriter(pretty);
    json.beginObject();
    json.name("schema").value("overclock-report");
    json.name("schemaVersion").value(report.schemaVersion());
    json.name("generatedAt").value(report.generatedAt().toString());
    json.name("complete").value(report.complete());
    run(json, report.run());
    agent(json, report.agent());
    HealthJsonWriter.write(json, report.health());
    Report.Totals totals = report.totals();
    json.name("totals").beginObject();
    json.name("methods").value(totals.methods());
    json.name("calls").value(totals.calls());
    json.name("errors").value(totals.errors());
    json.name("totalNanos").value(totals.totalNanos());
    json.endObject();
    json.name("methods").beginArray();
    for (MethodReport method : report.methods()) {
      method(json, method);
    }
    json.endArray();
    json.name("recommendations").beginArray();
    for (Report.Recommendation recommendation : report.recommendations()) {
      json.beginObject();
      json.name("method").value(recommendation.method());
      json.name("key").value(recommendation.key());
      json.name("kind").value(recommendation.kind());
      json.name("text").value(recommendation.text());
      json.name("estimatedSavingNanos");
      if (recommendation.estimatedSavingNanos() < 0) {
        json.nullValue();
      } else {
        json.value(recommendation.estimatedSavingNanos());
      }
      json.name("apply").value(recommendation.apply());
      json.name("config").value(recommendation.config());
      json.endObject();
    }
    json.endArray();
    json.name("memoized").beginArray();
    for (MemoReport memo : report.memoized()) {
      memo(json, memo);
    }
    json.endArray();
    json.name("offloaded").beginArray();
    for (OffloadReport offload : report.offloaded()) {
      offload(json, offload);
    }
    json.endArray();
    json.name("pools").beginArray();
    for (PoolReport pool : report.pools()) {
      PoolJsonWriter.write(json, pool);
    }
    json.endArray();
    OptimizationJsonWriter.write(json, report.optimizations());
    JvmJsonWriter.write(json, report.jvm());
    AnalysisJsonWriter.write(json, report.analysis());
    json.endObject();
    return json.toString() + (pretty ? "\n" : "");
  }

  private static void run(JsonWriter json, Report.Run run) {
    json.name("run").beginObject();
    json.name("kind").value(run.kind());
    json.name("pid").value(run.pid());
    json.name("mainClass").value(run.mainClass());
    json.name("jvm").beginObject();
    json.name("name").value(run.jvmName());
    json.name("vendor").value(run.jvmVendor());
    json.name("javaVersion").value(run.javaVersion());
    json.name("featureVersion").value(run.javaFeatureVersion());
    json.endObject();
    json.name("jvmStartedAt").value(run.jvmStartedAt().toString());
    json.name("availableProcessors").value(run.availableProcessors());
    json.name("maxHeapBytes").value(run.maxHeapBytes());
    json.name("processCpuLoad");
    if (run.processCpuLoad() < 0) {
      json.nullValue();
    } else {
      json.value(run.processCpuLoad());
    }
    json.endObject();
  }

  private static void agent(JsonWriter json, Report.Agent agent) {
    json.name("agent").beginObject();
    json.name("version").value(agent.version());
    json.name("mode").value(agent.mode());
    json.name("startedAt").value(agent.startedAt().toString());
    json.name("uptimeNanos").value(agent.uptimeNanos());
    json.name("options").beginArray();
    for (Setting setting : agent.options()) {
      json.beginObject();
      json.name("key").value(setting.key());
      json.name("value").value(setting.value());
      json.name("origin").value(setting.origin());
      json.endObject();
    }
    json.endArray();
    json.name("features").beginObject();
    for (Map.Entry<String, String> feature : new TreeMap<>(agent.features()).entrySet()) {
      json.name(feature.getKey()).value(feature.getValue());
    }
    json.endObject();
    json.endObject();
  }

  private static void memo(JsonWriter json, MemoReport memo) {
    json.beginObject();
    json.name("key").value(memo.key());
    json.name("name").value(memo.name());
    json.name("className").value(memo.className());
    json.name("methodName").value(memo.methodName());
    json.name("descriptor").value(memo.descriptor());
    json.name("parameters").value(memo.parameters());
    json.name("selectedBy").value(memo.selectedBy());
    json.name("state").value(memo.state());
    json.name("reason").value(memo.reason());
    json.name("evidence").value(memo.evidence());
    json.name("settings");
    MemoReport.Settings settings = memo.settings();
    if (settings == null) {
      json.nullValue();
    } else {
      json.beginObject();
      json.name("maxSize").value(settings.maxSize());
      json.name("expireAfterWriteNanos").value(settings.expireAfterWriteNanos());
      json.name("verify").value(settings.verify());
      json.name("verifyRate").value(settings.verifyRate());
      json.endObject();
    }
    json.name("hits").value(memo.hits());
    json.name("misses").value(memo.misses());
    json.name("hitRatio").value(memo.hitRatio());
    json.name("waits").value(memo.waits());
    json.name("verifyChecks").value(memo.verifyChecks());
    json.name("verifyFailures").value(memo.verifyFailures());
    json.name("evictions").value(memo.evictions());
    json.name("size").value(memo.size());
    json.name("meanMissNanos").value(memo.meanMissNanos());
    json.name("savedNanos").value(memo.savedNanos());
    json.endObject();
  }

  private static void offload(JsonWriter json, OffloadReport offload) {
    json.beginObject();
    json.name("key").value(offload.key());
    json.name("name").value(offload.name());
    json.name("className").value(offload.className());
    json.name("methodName").value(offload.methodName());
    json.name("descriptor").value(offload.descriptor());
    json.name("parameters").value(offload.parameters());
    json.name("selectedBy").value(offload.selectedBy());
    json.name("mode").value(offload.mode());
    json.name("carrier").value(offload.carrier());
    OffloadReport.Settings settings = offload.settings();
    json.name("settings").beginObject();
    nullable(json.name("timeoutNanos"), settings.timeoutNanos());
    nullable(json.name("maxConcurrency"), settings.maxConcurrency());
    nullable(json.name("queueTimeoutNanos"), settings.queueTimeoutNanos());
    json.endObject();
    json.name("calls").value(offload.calls());
    json.name("inFlight").value(offload.inFlight());
    json.name("maxInFlight").value(offload.maxInFlight());
    json.name("queueWaits").value(offload.queueWaits());
    json.name("timeouts").value(offload.timeouts());
    json.name("rejections").value(offload.rejections());
    json.name("failures").value(offload.failures());
    latency(json, offload.latency(), offload.p95());
    json.name("distribution").beginArray();
    for (MethodReport.Percentile point : offload.distribution()) {
      json.beginObject();
      json.name("percentile").value(point.percentile());
      json.name("nanos").value(point.nanos());
      json.endObject();
    }
    json.endArray();
    OffloadReport.Pinning pinning = offload.pinning();
    json.name("pinning");
    if (pinning == null) {
      json.nullValue();
    } else {
      json.beginObject();
      json.name("events").value(pinning.events());
      json.name("maxNanos").value(pinning.maxNanos());
      json.name("stack").value(pinning.stack());
      json.name("fix").value(pinning.fix());
      json.endObject();
    }
    json.endObject();
  }

  private static void nullable(JsonWriter json, Number value) {
    if (value == null) {
      json.nullValue();
    } else {
      json.value(value.longValue());
    }
  }

  private static void latency(JsonWriter json, MethodReport.Latency latency, long p95) {
    json.name("latencyNanos").beginObject();
    json.name("min").value(latency.min());
    json.name("mean").value(latency.mean());
    json.name("p50").value(latency.p50());
    json.name("p90").value(latency.p90());
    json.name("p95").value(p95);
    json.name("p99").value(latency.p99());
    json.name("p999").value(latency.p999());
    json.name("max").value(latency.max());
    json.endObject();
  }

  private static void method(JsonWriter json, MethodReport method) {
    json.beginObject();
    json.name("key").value(method.key());
    json.name("name").value(method.name());
    json.name("className").value(method.className());
    json.name("methodName").value(method.methodName());
    json.name("descriptor").value(method.descriptor());
    json.name("parameters").value(method.parameters());
    json.name("selectedBy").value(method.selectedBy());
    json.name("calls").value(method.calls());
    json.name("errors").value(method.errors());
    json.name("callsPerSecond").value(method.callsPerSecond());
    json.name("sampled").value(method.sampled());
    json.name("sampleEvery").value(method.sampleEvery());
    latency(json, method.latency(), method.p95());
    json.name("histogram").value(method.histogram());
    json.name("totalNanos").value(method.totalNanos());
    json.name("share").value(method.share());
    json.name("distribution").beginArray();
    for (MethodReport.Percentile point : method.distribution()) {
      json.beginObject();
      json.name("percentile").value(point.percentile());
      json.name("nanos").value(point.nanos());
      json.endObject();
    }
    json.endArray();
    MethodReport.Cpu cpu = method.cpu();
    json.name("cpu");
    if (cpu == null) {
      json.nullValue();
    } else {
      json.beginObject();
      json.name("sampledCalls").value(cpu.sampledCalls());
      json.name("cpuNanosPerCall").value(cpu.cpuNanosPerCall());
      json.name("wallNanosPerCall").value(cpu.wallNanosPerCall());
      json.name("cpuShare").value(cpu.cpuShare());
      json.name("allocatedBytesPerCall").value(cpu.allocatedBytesPerCall());
      json.endObject();
    }
    json.name("classification").value(method.classification());
    json.name("classifiedBy").value(method.classifiedBy());
    json.name("recommendation").value(method.recommendation());
    auto(json, method.auto());
    evidence(json, method.evidence());
    arguments(json, method.arguments());
    json.endObject();
  }

  private static void auto(JsonWriter json, MethodReport.Auto auto) {
    json.name("auto");
    if (auto == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("addedAt").value(auto.addedAt().toString());
    json.name("selfShare").value(auto.selfShare());
    json.name("totalShare").value(auto.totalShare());
    json.name("samples").value(auto.samples());
    json.name("windowSamples").value(auto.windowSamples());
    json.name("state").value(auto.state());
    json.name("note").value(auto.note());
    json.endObject();
  }

  private static void evidence(JsonWriter json, MethodReport.Evidence evidence) {
    json.name("evidence");
    if (evidence == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("executionSamples").value(evidence.executionSamples());
    json.name("sampledCpuNanos").value(evidence.sampledCpuNanos());
    json.name("wallNanos").value(evidence.wallNanos());
    json.name("cpuShare").value(evidence.cpuShare());
    json.name("lockNanos").value(evidence.lockNanos());
    json.name("ioNanos").value(evidence.ioNanos());
    json.name("sleepNanos").value(evidence.sleepNanos());
    json.name("blockingEvents").value(evidence.blockingEvents());
    json.name("virtualThreadEvents").value(evidence.virtualThreadEvents());
    json.name("raisedThresholdNanos").value(evidence.raisedThresholdNanos());
    json.endObject();
  }

  private static void arguments(JsonWriter json, MethodReport.Arguments arguments) {
    json.name("arguments");
    if (arguments == null) {
      json.nullValue();
      return;
    }
    json.beginObject();
    json.name("sampledCalls").value(arguments.sampledCalls());
    json.name("distinct").value(arguments.distinct());
    json.name("repeatRate").value(arguments.repeatRate());
    json.name("complete").value(arguments.complete());
    json.endObject();
  }
}
