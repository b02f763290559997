package dev.overclock.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** {@link TimingOverhead} with one benchmark thread. */
@Threads(1)
public class TimingOverheadOneThread extends TimingOverhead {}
