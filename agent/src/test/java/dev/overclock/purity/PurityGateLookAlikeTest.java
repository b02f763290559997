package dev.overclock.purity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.overclock.purity.PurityLookAlikes.Callbacks;
import dev.overclock.purity.PurityLookAlikes.IdentityHash;
import dev.overclock.purity.PurityLookAlikes.StackTraces;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

/**
 * Look-alikes from the issue-14 corpus that the gate once accepted: identity hashes, a
 * throwable's stack trace or printing, and callbacks of the application's own classes that JDK
 * code calls (a comparator, a function) without the gate reading them.
 */
class PurityGateLookAlikeTest {

  private final PurityGate gate = new PurityGate();

  @Test
  void identityHashes_areRefused_contentHashesAreNot() {
    assertRefused(check(IdentityHash.class, "bucket"), "::bucket",
        "identity hash (System.identityHashCode)");
    assertPure(check(IdentityHash.class, "contentBucket"));
  }

  @Test
  void printingOrReadingAStackTrace_isRefused_readingTheMessageIsNot() {
    assertRefused(check(StackTraces.class, "parse"), "::parse",
        "prints a stack trace (NumberFormatException.printStackTrace: I/O)");
    assertRefused(check(StackTraces.class, "caller"), "::caller",
        "reads the call stack (Throwable.getStackTrace: depends on the caller)");
    assertPure(check(StackTraces.class, "parseQuietly"));
  }

  @Test
  void callbackObjectsHandedToTheJdk_areRead_andRefusedWhenImpure() {
    Verdict counting = check(Callbacks.class, "sortedCounting");
    assertRefused(counting, "::compare", "reads non-final static field " + Callbacks.class.getName()
        + ".comparisons");
    assertThat(counting.reason()).contains("the JDK may call it");
    assertRefused(check(Callbacks.class, "computed"), "::apply",
        "reads the clock (System.nanoTime)");
    assertPure(check(Callbacks.class, "sortedByLength"));
  }

  @Test
  void finalListFieldFromAnUnmodifiableFactory_isReadable_aCopiedListIsNot() {
    Class<?> corrector = PurityLookAlikes.Corrector.class;
    assertPure(check(corrector, "closest"));
    assertRefused(check(corrector, "closestInCopy"), "::closestInCopy",
        "reads final field " + corrector.getName() + ".copied of a mutable type");
  }

  private Verdict check(Class<?> owner, String methodName) {
    Method method = Arrays.stream(owner.getDeclaredMethods())
        .filter(m -> m.getName().equals(methodName)).findFirst().orElseThrow();
    return gate.check(owner.getClassLoader(), owner.getName(), methodName,
        Type.getMethodDescriptor(method));
  }

  private static void assertPure(Verdict verdict) {
    assertThat(verdict.pure()).as(verdict.reason()).isTrue();
  }

  private static void assertRefused(Verdict verdict, String locationPart, String violationStart) {
    assertThat(verdict.pure()).as("refused: " + locationPart).isFalse();
    assertThat(verdict.location()).as(verdict.reason()).contains(locationPart);
    assertThat(verdict.violation()).as(verdict.reason()).startsWith(violationStart);
  }
}
