package dev.overclock.config;

/**
 * One option as the agent received it: shown in the report so that a reader knows how the run was
 * configured, and in error messages.
 *
 * @param where for system properties, environment variables and files: the exact name or path;
 *     else empty
 */
public record Setting(String key, String value, Source source, String where) {

  /** "agent argument", "system property overclock.timed", "config file /etc/oc.properties". */
  public String origin() {
    return where.isEmpty() ? source.label() : source.label() + " " + where;
  }
}
