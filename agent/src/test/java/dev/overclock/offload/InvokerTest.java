package dev.overclock.offload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class InvokerTest {

  static class Base {
    String name(String suffix) {
      return "base-" + suffix;
    }

    private static int twice(int value) {
      return 2 * value;
    }

    void fail() throws IOException {
      throw FAILURE;
    }
  }

  static final class Derived extends Base {
    @Override
    String name(String suffix) {
      return "derived-" + suffix;
    }
  }

  static final IOException FAILURE = new IOException("body");

  @Test
  void invoke_callsTheMethodItself_neverAnOverride() throws Throwable {
    Invoker invoker = Invoker.resolve(Base.class, "name",
        "(Ljava/lang/String;)Ljava/lang/String;", false);

    // a super.name() call that was offloaded must run Base's body, even on a Derived
    assertThat(invoker.invoke(new Derived(), new Object[] {"x"})).isEqualTo("base-x");
  }

  @Test
  void invoke_reachesPrivateStaticMethods_andBoxesPrimitives() throws Throwable {
    Invoker invoker = Invoker.resolve(Base.class, "twice", "(I)I", true);

    assertThat(invoker.invoke(null, new Object[] {21})).isEqualTo(42);
  }

  @Test
  void invoke_throwsTheBodysOwnException() throws Throwable {
    Invoker invoker = Invoker.resolve(Base.class, "fail", "()V", false);

    assertThatThrownBy(() -> invoker.invoke(new Base(), new Object[0])).isSameAs(FAILURE);
  }

  @Test
  void resolve_failsForAMethodThatIsNotThere() {
    assertThatThrownBy(() -> Invoker.resolve(Base.class, "missing", "()V", false))
        .isInstanceOf(NoSuchMethodException.class);
  }
}
