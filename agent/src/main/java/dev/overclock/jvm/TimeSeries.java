package dev.overclock.jvm;

import java.util.ArrayList;
import java.util.List;

/**
 * Values over time in bounded memory: at most {@code capacity} points, however long the run.
 *
 * <p>When the series is full, neighbouring points are merged pairwise (their values averaged, the
 * earlier time kept) and from then on each point averages twice as many raw values as before, so
 * the series always covers the whole run at an even resolution.
 */
final class TimeSeries {

  /** One point: time since the profile started, and the average of each column. */
  record Point(long offsetNanos, double[] values) {}

  private final int capacity;
  private final int columns;
  private final List<Point> points = new ArrayList<>();
  private int stride = 1;
  private int pending;
  private long pendingOffset;
  private double[] pendingSum;

  TimeSeries(int capacity, int columns) {
    this.capacity = Math.max(2, capacity - capacity % 2);
    this.columns = columns;
  }

  void add(long offsetNanos, double... values) {
    if (pending == 0) {
      pendingOffset = offsetNanos;
      pendingSum = new double[columns];
    }
    for (int i = 0; i < columns; i++) {
      pendingSum[i] += values[i];
    }
    if (++pending >= stride) {
      flushPending();
    }
  }

  private void flushPending() {
    double[] average = new double[columns];
    for (int i = 0; i < columns; i++) {
      average[i] = pendingSum[i] / pending;
    }
    points.add(new Point(pendingOffset, average));
    pending = 0;
    if (points.size() >= capacity) {
      List<Point> merged = new ArrayList<>(capacity / 2 + 1);
      for (int i = 0; i + 1 < points.size(); i += 2) {
        Point a = points.get(i);
        Point b = points.get(i + 1);
        double[] values = new double[columns];
        for (int c = 0; c < columns; c++) {
          values[c] = (a.values()[c] + b.values()[c]) / 2;
        }
        merged.add(new Point(a.offsetNanos(), values));
      }
      points.clear();
      points.addAll(merged);
      stride *= 2;
    }
  }

  /** The points so far, including a partly filled last one. */
  List<Point> points() {
    List<Point> all = new ArrayList<>(points);
    if (pending > 0) {
      double[] average = new double[columns];
      for (int i = 0; i < columns; i++) {
        average[i] = pendingSum[i] / pending;
      }
      all.add(new Point(pendingOffset, average));
    }
    return all;
  }
}
