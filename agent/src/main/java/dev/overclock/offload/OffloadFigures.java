package dev.overclock.offload;

import org.HdrHistogram.Histogram;

/**
 * One offloaded method's figures with a copy of its body-latency histogram, taken together.
 *
 * @param id the method's id among the offloaded methods (unique also where two class loaders
 *     load a class of the same name)
 * @param latency a copy of the histogram of body durations since offloading started, in
 *     nanoseconds; the caller may change it
 */
public record OffloadFigures(int id, OffloadSnapshot snapshot, Histogram latency) {}
