package dev.overclock.config;

/** Where an option's value came from, in order of precedence (first wins). */
public enum Source {
  ARGUMENT("agent argument"),
  SYSTEM_PROPERTY("system property"),
  ENVIRONMENT("environment"),
  FILE("config file"),
  DEFAULT("default");

  private final String label;

  Source(String label) {
    this.label = label;
  }

  /** How messages name this source. */
  public String label() {
    return label;
  }
}
