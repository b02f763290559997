package dev.overclock.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/**
 * One change the agent made to the code of a running class: advice woven in as the class loaded
 * or by retransformation, or the original code restored; which methods, and why.
 *
 * <p>Changes made while the agent was still starting its JFR part (the classes instrumented in
 * the first second of the JVM) are committed as soon as it is ready; {@code changedAt} always
 * says when the change was made.
 */
@Name("overclock.CodeChange")
@Label("Code Change")
@Category("Overclock")
@Description("A change the Overclock agent made to the code of a class: what, why and when")
@StackTrace(false)
final class CodeChangeEvent extends Event {

  @Label("Changed At")
  @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
  long changedAt;

  @Label("Class")
  String className;

  @Label("Action")
  @Description("instrumented, retransformed or reset")
  String action;

  @Label("Advice")
  @Description("The kinds of advice now in the class: timing, arguments")
  String advice;

  @Label("Methods")
  @Description("The methods that carry advice now, as name(descriptor)")
  String methods;

  @Label("Reason")
  String reason;
}
