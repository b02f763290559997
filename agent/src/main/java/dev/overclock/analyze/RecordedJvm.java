package dev.overclock.analyze;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;

/**
 * What a recording says about the JVM it came from and how it was recorded: the JVM's name,
 * version, arguments, process id, start, processors and heap; the few system properties the report
 * names; and the settings the report's figures depend on (the execution sample period, the
 * blocking threshold). Fed event by event by {@link EventDispatch}; holds a bounded amount.
 */
final class RecordedJvm {

  private final Map<String, String> properties = new HashMap<>();
  private final Map<Long, String> typeNames = new HashMap<>();
  private final DetectedApplication detected;

  private long sampleIntervalNanos;
  private long thresholdNanos;
  private String name = "";
  private String version = "";
  private String javaArguments = "";
  private long pid;
  private Instant startedAt;
  private int processors;
  private long maxHeapBytes;

  /** @param detected told every system property, or {@code null} (the application was named) */
  RecordedJvm(DetectedApplication detected) {
    this.detected = detected;
  }

  /** Learns the id of an event type, which {@code jdk.ActiveSetting} events refer to. */
  void eventType(long id, String typeName) {
    typeNames.put(id, typeName);
  }

  /** Whether the recording declares an event type of this name. */
  boolean declares(String typeName) {
    return typeNames.containsValue(typeName);
  }

  /** The event types {@link #take} takes. */
  static final java.util.Set<String> TYPES = java.util.Set.of("jdk.ActiveSetting",
      "jdk.JVMInformation", "jdk.InitialSystemProperty", "jdk.CPUInformation",
      "jdk.GCHeapConfiguration");

  /**
   * Takes in an event of the types this class reads.
   *
   * @return whether the event was one of them
   */
  boolean take(String type, RecordedEvent event) {
    switch (type) {
      case "jdk.ActiveSetting":
        setting(event);
        return true;
      case "jdk.JVMInformation":
        name = orEmpty(event.getString("jvmName"));
        version = orEmpty(event.getString("jvmVersion"));
        javaArguments = orEmpty(event.getString("javaArguments"));
        pid = event.getLong("pid");
        startedAt = event.getInstant("jvmStartTime");
        return true;
      case "jdk.InitialSystemProperty":
        property(event);
        return true;
      case "jdk.CPUInformation":
        processors = Math.max(processors, event.getInt("hwThreads"));
        return true;
      case "jdk.GCHeapConfiguration":
        maxHeapBytes = Math.max(maxHeapBytes, event.getLong("maxSize"));
        return true;
      default:
        return false;
    }
  }

  private void property(RecordedEvent event) {
    if (properties.size() < 64) {
      String key = event.getString("key");
      if ("java.vm.version".equals(key) || "java.vm.vendor".equals(key)
          || "java.vm.name".equals(key) || "sun.java.command".equals(key)) {
        properties.put(key, orEmpty(event.getString("value")));
      }
      if (detected != null) {
        detected.property(key, orEmpty(event.getString("value")));
      }
    }
  }

  private void setting(RecordedEvent event) {
    String setting = event.getString("name");
    if (!"period".equals(setting) && !"threshold".equals(setting)) {
      return; // the only two settings read: a recording has hundreds of others per chunk
    }
    String type = typeNames.get(event.getLong("id"));
    long nanos = JfrDurations.parse(event.getString("value"));
    if (type == null || nanos < 0) {
      return;
    }
    if (type.equals("jdk.ExecutionSample") && "period".equals(setting) && nanos > 0) {
      // Settings of all recordings merge: the shortest period wins.
      sampleIntervalNanos = sampleIntervalNanos == 0 ? nanos : Math.min(sampleIntervalNanos, nanos);
    } else if ("threshold".equals(setting) && isBlocking(type)) {
      thresholdNanos = thresholdNanos == 0 ? nanos : Math.min(thresholdNanos, nanos);
    }
  }

  private static boolean isBlocking(String type) {
    switch (type) {
      case "jdk.JavaMonitorEnter":
      case "jdk.ThreadPark":
      case "jdk.SocketRead":
      case "jdk.FileRead":
        return true;
      default:
        return false;
    }
  }

  /** The few JVM system properties the report names ({@code java.vm.version}, ...). */
  Map<String, String> properties() {
    return properties;
  }

  long sampleIntervalNanos() {
    return sampleIntervalNanos;
  }

  long thresholdNanos() {
    return thresholdNanos;
  }

  String name() {
    return name;
  }

  String version() {
    return version;
  }

  String javaArguments() {
    return javaArguments;
  }

  long pid() {
    return pid;
  }

  Instant startedAt() {
    return startedAt;
  }

  int processors() {
    return processors;
  }

  long maxHeapBytes() {
    return maxHeapBytes;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
