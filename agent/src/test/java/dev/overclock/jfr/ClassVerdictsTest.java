package dev.overclock.jfr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live profile's class test: asked once per class, the same answers, bounded. */
class ClassVerdictsTest {

  @Test
  void asksTheTestOncePerClass_andGivesItsAnswers() {
    List<String> asked = new ArrayList<>();
    ClassVerdicts verdicts = new ClassVerdicts(name -> {
      asked.add(name);
      return name.startsWith("com.acme.");
    });

    for (int i = 0; i < 3; i++) {
      assertThat(verdicts.test("com.acme.Shop")).isTrue();
      assertThat(verdicts.test("org.lib.Util")).isFalse();
    }

    assertThat(asked).containsExactly("com.acme.Shop", "org.lib.Util");
  }

  @Test
  void keepsAtMostMaxClasses_andStillAnswersTheRest() {
    int[] asked = {0};
    ClassVerdicts verdicts = new ClassVerdicts(name -> {
      asked[0]++;
      return name.endsWith("0");
    });

    for (int i = 0; i < ClassVerdicts.MAX_CLASSES + 10; i++) {
      verdicts.test("g.C" + i);
    }
    assertThat(verdicts.size()).isEqualTo(ClassVerdicts.MAX_CLASSES);

    String late = "g.C" + (ClassVerdicts.MAX_CLASSES + 5); // not kept: asked each time
    asked[0] = 0;
    assertThat(verdicts.test(late)).isFalse();
    assertThat(verdicts.test(late)).isFalse();
    assertThat(asked[0]).isEqualTo(2);
  }
}
