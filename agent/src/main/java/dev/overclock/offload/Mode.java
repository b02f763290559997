package dev.overclock.offload;

/** How a call is offloaded, by the method's return type. */
public enum Mode {
  /** Returns {@code CompletableFuture}, {@code CompletionStage} or {@code Future}: the caller gets a future at once. */
  FUTURE("future"),
  /** Returns {@code void}: fire and forget. */
  VOID("fire-and-forget"),
  /** Returns anything else: the caller waits for the body, at most its timeout. */
  WAIT("wait");

  private final String label;

  Mode(String label) {
    this.label = label;
  }

  /** The name the report uses. */
  public String label() {
    return label;
  }

  /** The mode of a method with this JVM descriptor. */
  public static Mode of(String descriptor) {
    String returned = descriptor.substring(descriptor.indexOf(')') + 1);
    switch (returned) {
      case "V":
        return VOID;
      case "Ljava/util/concurrent/CompletableFuture;":
      case "Ljava/util/concurrent/CompletionStage;":
      case "Ljava/util/concurrent/Future;":
        return FUTURE;
      default:
        return WAIT;
    }
  }

  /** The value a method of this descriptor returns when it throws (boxed zero for primitives). */
  static Object defaultValue(String descriptor) {
    switch (descriptor.charAt(descriptor.indexOf(')') + 1)) {
      case 'Z':
        return Boolean.FALSE;
      case 'B':
        return (byte) 0;
      case 'C':
        return (char) 0;
      case 'S':
        return (short) 0;
      case 'I':
        return 0;
      case 'J':
        return 0L;
      case 'F':
        return 0f;
      case 'D':
        return 0d;
      default:
        return null;
    }
  }
}
