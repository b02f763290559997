package dev.overclock.prometheus;

import java.util.List;

/**
 * A named set of samples of one type, as both exposition formats group them: metadata first, then
 * every sample, the samples of one label set next to each other.
 *
 * @param name the family's name in OpenMetrics terms: without {@code _total} for a counter or
 *     {@code _info} for an info metric; ends with {@code _<unit>} when there is a unit
 * @param unit {@code seconds}, {@code bytes}, ..., or empty
 * @param help one line for people (escaped by the writer)
 */
record MetricFamily(String name, MetricType type, String unit, String help, List<Sample> samples) {

  MetricFamily {
    samples = List.copyOf(samples);
    if (!unit.isEmpty() && !name.endsWith("_" + unit)) {
      throw new IllegalArgumentException(name + " must end with its unit " + unit);
    }
  }
}
