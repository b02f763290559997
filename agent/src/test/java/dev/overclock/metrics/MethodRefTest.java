package dev.overclock.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodRefTest {

  @Test
  void parameters_readLikeSource() {
    MethodRef method = new MethodRef("com.acme.Outer$Inner", "run",
        "(Ljava/lang/String;I[J[[Lcom/acme/Outer$Inner;ZBCSFD)V", "annotation");

    assertThat(method.parameters())
        .isEqualTo("String, int, long[], Outer.Inner[][], boolean, byte, char, short, float, double");
    assertThat(method.name()).isEqualTo("com.acme.Outer$Inner::run");
    assertThat(method.signature()).startsWith("com.acme.Outer$Inner::run(String, int");
    assertThat(method.key()).isEqualTo(
        "com.acme.Outer$Inner::run(Ljava/lang/String;I[J[[Lcom/acme/Outer$Inner;ZBCSFD)V");
  }

  @Test
  void noParameters_isEmpty() {
    assertThat(new MethodRef("A", "b", "()V", "filter").parameters()).isEmpty();
  }
}
