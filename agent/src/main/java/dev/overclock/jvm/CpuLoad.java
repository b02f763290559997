package dev.overclock.jvm;

import dev.overclock.report.JvmReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The CPU load readings ({@code jdk.CPULoad}): their means and a bounded time series. */
final class CpuLoad {

  private final TimeSeries series;
  private double processSum;
  private double machineSum;
  private long readings;

  CpuLoad(int maxPoints) {
    series = new TimeSeries(maxPoints, 2);
  }

  /** One reading: this JVM (user + system) and the machine, 0..1. */
  void add(Instant at, double process, double machine) {
    series.add(Timeline.epochNanos(at), process, machine);
    processSum += process;
    machineSum += machine;
    readings++;
  }

  /** The report section; point offsets are relative to {@code fromNanos}. */
  JvmReport.Cpu report(long fromNanos) {
    List<JvmReport.CpuPoint> points = new ArrayList<>();
    for (TimeSeries.Point point : series.points()) {
      points.add(new JvmReport.CpuPoint(Math.max(0, point.offsetNanos() - fromNanos),
          Timeline.clamp(point.values()[0]), Timeline.clamp(point.values()[1])));
    }
    return new JvmReport.Cpu(
        readings == 0 ? 0 : Timeline.clamp(processSum / readings),
        readings == 0 ? 0 : Timeline.clamp(machineSum / readings),
        points);
  }
}
