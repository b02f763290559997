package com.acme.shop;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's own count of calls and thrown exceptions per {@link CountedMethod}, the reference the
 * agent's figures are checked against. Thread-safe.
 */
final class CallCounts {

  private final Map<CountedMethod, LongAdder> calls = new EnumMap<>(CountedMethod.class);
  private final Map<CountedMethod, LongAdder> errors = new EnumMap<>(CountedMethod.class);

  CallCounts() {
    for (CountedMethod method : CountedMethod.values()) {
      calls.put(method, new LongAdder());
      errors.put(method, new LongAdder());
    }
  }

  /** Records one call of {@code method}; call it right before the call. */
  void called(CountedMethod method) {
    calls.get(method).increment();
  }

  /** Records that a call of {@code method} ended with an exception. */
  void failed(CountedMethod method) {
    errors.get(method).increment();
  }

  long calls(CountedMethod method) {
    return calls.get(method).sum();
  }

  long errors(CountedMethod method) {
    return errors.get(method).sum();
  }
}
