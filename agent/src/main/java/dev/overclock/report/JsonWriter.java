package dev.overclock.report;

/**
 * A minimal streaming JSON writer: enough for the report, with correct string escaping and no
 * dependency. Commas are inserted automatically; callers only open, name and close.
 */
final class JsonWriter {

  private final StringBuilder out = new StringBuilder(16 * 1024);
  private final String prettyUnit;
  private String indentUnit;
  private int depth;
  private boolean first = true;
  private boolean afterName;

  JsonWriter(boolean pretty) {
    this.prettyUnit = pretty ? "  " : null;
    this.indentUnit = prettyUnit;
  }

  /**
   * Writes what follows on one line ({@code false}) or indented again as the writer was created
   * ({@code true}): for large nested values, such as a flame graph, that no one reads by eye.
   */
  JsonWriter indent(boolean on) {
    indentUnit = on ? prettyUnit : null;
    return this;
  }

  JsonWriter beginObject() {
    value();
    out.append('{');
    depth++;
    first = true;
    return this;
  }

  JsonWriter endObject() {
    return close('}');
  }

  JsonWriter beginArray() {
    value();
    out.append('[');
    depth++;
    first = true;
    return this;
  }

  JsonWriter endArray() {
    return close(']');
  }

  JsonWriter name(String name) {
    separate();
    string(name);
    out.append(indentUnit == null ? ":" : ": ");
    afterName = true;
    return this;
  }

  JsonWriter value(String value) {
    value();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    return this;
  }

  JsonWriter value(long value) {
    value();
    out.append(value);
    return this;
  }

  JsonWriter value(boolean value) {
    value();
    out.append(value);
    return this;
  }

  /**
   * Doubles with at most 6 decimals (whole numbers from 1e9 up: nanoseconds need no fraction
   * there); NaN and infinities become null.
   */
  JsonWriter value(double value) {
    value();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      out.append("null");
    } else if (Math.abs(value) >= 1e18) {
      out.append(String.format(java.util.Locale.ROOT, "%.6e", value));
    } else if (value == Math.rint(value) || Math.abs(value) >= 1e9) {
      out.append(Math.round(value));
    } else {
      out.append(Double.toString(Math.round(value * 1e6) / 1e6));
    }
    return this;
  }

  JsonWriter nullValue() {
    value();
    out.append("null");
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void value() {
    if (afterName) {
      afterName = false;
      return;
    }
    separate();
  }

  private void separate() {
    if (!first) {
      out.append(',');
    }
    first = false;
    if (depth > 0) {
      newline();
    }
  }

  private JsonWriter close(char bracket) {
    depth--;
    if (!first) {
      newline();
    }
    out.append(bracket);
    first = false;
    return this;
  }

  private void newline() {
    if (indentUnit != null) {
      out.append('\n');
      for (int i = 0; i < depth; i++) {
        out.append(indentUnit);
      }
    }
  }

  private void string(String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '<':
          // Keeps "</script>" out of the JSON embedded in report.html.
          out.append("\\u003c");
          break;
        default:
          // Everything outside printable ASCII is escaped: the files stay pure ASCII, so a lone
          // surrogate (legal in a class file's names) can never make writing them fail.
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
