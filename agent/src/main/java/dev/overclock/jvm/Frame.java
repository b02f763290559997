package dev.overclock.jvm;

import java.util.Objects;

/**
 * One frame of a stack trace, as recordings describe it: a value, equal to another with the same
 * class, method, descriptor and line.
 *
 * <p>Not a record only so that it can keep its {@link #name} and {@link #key} once built: the
 * analysis asks for them for every frame of every sampled stack, and a recording's deep stacks
 * (hundreds of frames, the same few thousand methods) made building those strings again most of
 * its time. The readers hand out one {@code Frame} per method and line ({@link RecordedFrames}),
 * so each string is built once per frame, not once per event.
 */
public final class Frame {

  private final String className;
  private final String methodName;
  private final String descriptor;
  private final int line;
  // Built on first use; a race builds an equal string twice, which is harmless.
  private String name;
  private String key;
  private String site;
  // 0 until asked, then 1 for JDK code, 2 for other code (see jdk()).
  private byte jdk;
  // 0 until asked (stacks are compared as lists of frames, each frame hashed every time)
  private int hash;

  /**
   * @param className binary class name ({@code com.acme.Outer$Inner})
   * @param descriptor JVM method descriptor, or empty when unknown
   * @param line source line, or a value below 1 when unknown
   */
  public Frame(String className, String methodName, String descriptor, int line) {
    this.className = className;
    this.methodName = methodName;
    this.descriptor = descriptor;
    this.line = line;
  }

  public String className() {
    return className;
  }

  public String methodName() {
    return methodName;
  }

  public String descriptor() {
    return descriptor;
  }

  public int line() {
    return line;
  }

  /** {@code com.acme.Pricing::quote}, the filter notation. */
  public String name() {
    String built = name;
    if (built == null) {
      built = className + "::" + methodName;
      name = built;
    }
    return built;
  }

  /** Name and descriptor, unique among overloads: the key of a method in the report. */
  public String key() {
    String built = key;
    if (built == null) {
      built = name() + descriptor;
      key = built;
    }
    return built;
  }

  /**
   * Whether the frame's class belongs to the JDK, the agent, or is generated ({@link
   * JvmProfile#isJdk}), answered once per frame: the analysis asks it for every frame of every
   * stack, and matching the class name against the prefixes each time was a visible share of
   * reading a recording of deep stacks.
   */
  public boolean jdk() {
    byte known = jdk;
    if (known == 0) {
      known = ApplicationCode.isJdk(className) ? (byte) 1 : (byte) 2;
      jdk = known;
    }
    return known == 1;
  }

  /** {@code com.acme.Pricing::quote:42}, or the name when the line is unknown. */
  public String site() {
    String built = site;
    if (built == null) {
      built = line > 0 ? name() + ":" + line : name();
      site = built;
    }
    return built;
  }

  /**
   * This method's frame at {@code line}, sharing its name and key strings: equal keys of one
   * method are then the same string, which the per-method tables compare by reference first.
   */
  Frame atLine(int line) {
    Frame frame = new Frame(className, methodName, descriptor, line);
    frame.name = name();
    frame.key = key();
    return frame;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Frame)) {
      return false;
    }
    Frame frame = (Frame) other;
    return line == frame.line && Objects.equals(className, frame.className)
        && Objects.equals(methodName, frame.methodName)
        && Objects.equals(descriptor, frame.descriptor);
  }

  @Override
  public int hashCode() {
    int known = hash;
    if (known == 0) {
      known = Objects.hash(className, methodName, descriptor, line);
      hash = known;
    }
    return known;
  }

  @Override
  public String toString() {
    return "Frame[className=" + className + ", methodName=" + methodName + ", descriptor="
        + descriptor + ", line=" + line + "]";
  }
}
