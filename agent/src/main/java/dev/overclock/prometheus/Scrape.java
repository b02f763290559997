package dev.overclock.prometheus;

import dev.overclock.metrics.LatencySummary;
import dev.overclock.report.Report;
import java.util.Map;

/**
 * What one scrape exports: the report model as of now (the same one the report files are written
 * from) and each method's latency over the recent window, for the summary quantiles.
 *
 * @param report built from reads that leave the report's own windows alone
 * @param recentLatency by method key; a method missing here had no call in the window
 */
public record Scrape(Report report, Map<String, LatencySummary> recentLatency) {

  public Scrape {
    recentLatency = Map.copyOf(recentLatency);
  }
}
