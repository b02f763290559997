package dev.overclock.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** {@link TimingOverhead} with two benchmark threads calling the same methods at once. */
@Threads(2)
public class TimingOverheadTwoThreads extends TimingOverhead {}
