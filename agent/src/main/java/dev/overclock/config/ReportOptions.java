package dev.overclock.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the report goes, how often, and the exit summary. Only valid values.
 *
 * @param dir where report files go, or {@code null} when no report is written (a bad {@code
 *     report.dir})
 * @param interval how often the report is rewritten; {@link Duration#ZERO} means at exit only
 *     (also after a bad {@code report.interval})
 * @param summary whether the exit summary is printed
 * @param summaryTop how many methods the exit summary lists
 */
public record ReportOptions(Path dir, Duration interval, boolean summary, int summaryTop) {

  static ReportOptions from(OptionValues values) {
    return new ReportOptions(
        values.bad(Options.REPORT_DIR) ? null : values.get(Options.REPORT_DIR),
        values.bad(Options.REPORT_INTERVAL) ? Duration.ZERO : values.get(Options.REPORT_INTERVAL),
        values.on(Options.SUMMARY) && !values.bad(Options.SUMMARY_TOP),
        values.get(Options.SUMMARY_TOP));
  }
}
