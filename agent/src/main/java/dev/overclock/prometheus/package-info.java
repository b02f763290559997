/**
 * Fleet export: an opt-in HTTP endpoint ({@link dev.overclock.prometheus.PrometheusEndpoint},
 * option {@code prometheus.port}) that serves the report model to a Prometheus server, in the
 * Prometheus text format 0.0.4 or OpenMetrics 1.0, whichever the scraper asks for. The endpoint
 * is served by a small server of its own ({@code MetricsServer}: one thread, bounded connections,
 * request size and time) from a scrape built at most once per interval ({@code ScrapeCache}),
 * optionally only to clients with a bearer token ({@code BearerToken}) at allowed addresses.
 *
 * <p>Data flows one way, as everywhere in the agent: recorders are read without consuming the
 * report's windows ({@code TimingRecorders.read}), the same {@code ReportBuilder} turns the reads
 * into a {@code Report}, {@code ScrapeMetrics} names its figures after Prometheus's conventions,
 * and {@code ExpositionFormat} writes them.
 *
 * <h2>Families beyond timing</h2>
 *
 * From the report's other sections (labels {@code class} and {@code method} on per-method
 * families):
 *
 * <ul>
 *   <li>memoization: {@code overclock_memo_hits_total}, {@code overclock_memo_misses_total},
 *       {@code overclock_memo_evictions_total} (counters), {@code overclock_memo_entries} (gauge);
 *   <li>{@code auto=optimize}'s changes (label {@code change}: {@code memoize}, {@code pool};
 *       no method label): {@code overclock_optimize_applied_total}, {@code
 *       overclock_optimize_verified_calls_total} and {@code overclock_optimize_mismatches_total}
 *       (memoize only), {@code overclock_optimize_undone_total} (label {@code reason})
 *       (counters), {@code overclock_optimize_active} (gauge, label {@code state});
 *   <li>the JFR stream: {@code overclock_auto_instrumented_methods} (gauge: methods timed because
 *       the hot-method detector found them), {@code overclock_jvm_gc_pause_seconds} (summary of
 *       pauses), {@code overclock_jvm_allocated_bytes_total} (counter), {@code
 *       overclock_jvm_cpu_ratio} (gauge, 0..1, label {@code kind}: {@code process} or {@code
 *       machine});
 *   <li>offload: {@code overclock_offload_in_flight} (gauge), {@code
 *       overclock_offload_timeouts_total}, {@code overclock_offload_rejections_total}, {@code
 *       overclock_offload_failures_total} (counters).
 * </ul>
 *
 * <p>Uses {@code report}, {@code metrics}, {@code config} and {@code log}; wired by {@code agent}.
 */
package dev.overclock.prometheus;
