package dev.overclock.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassPrefilterTest {

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void classWithTheTimedAnnotation_mayMatch_andOneWithoutIsRuledOut() throws IOException {
    ClassPrefilter prefilter = MethodSelector.timing(List.of(), List.of(), List.of()).prefilter();

    assertThat(prefilter.mayMatch("fixture.Fixtures", classFile(fixture.Fixtures.class))).isTrue();
    assertThat(prefilter.mayMatch("dev.overclock.select.ClassPrefilterTest",
        classFile(ClassPrefilterTest.class))).isFalse();
  }

  @Test
  void filters_makeNamedClassesAndMethodNamesCandidates() throws IOException {
    byte[] bytes = classFile(ClassPrefilterTest.class);

    assertThat(prefilterFor("com.acme.Pricing::quote").mayMatch("com.acme.Pricing", bytes)).isTrue();
    assertThat(prefilterFor("com.acme.Pricing::quote").mayMatch("com.acme.Other", bytes)).isFalse();
    assertThat(prefilterFor("com.acme.*").mayMatch("com.acme.deep.Other", bytes)).isTrue();
    // this test class declares a method named classFile
    assertThat(prefilterFor("::classFile").mayMatch("any.Name", bytes)).isTrue();
    // built at run time: as a literal, the name would be in this class file's constant pool
    String absent = new StringBuilder("erehwynAdohteMhcuSon").reverse().toString();
    assertThat(prefilterFor("::" + absent).mayMatch("any.Name", bytes)).isFalse();
    assertThat(prefilterFor("@org.junit.jupiter.api.Test").mayMatch("any.Name", bytes)).isTrue();
  }

  @Test
  void contains_findsNeedlesAtEveryPosition() {
    byte[] haystack = "abcabd".getBytes();
    assertThat(ClassPrefilter.contains(haystack, "abd".getBytes())).isTrue();
    assertThat(ClassPrefilter.contains(haystack, "abc".getBytes())).isTrue();
    assertThat(ClassPrefilter.contains(haystack, "bda".getBytes())).isFalse();
    assertThat(ClassPrefilter.contains("ab".getBytes(), "abc".getBytes())).isFalse();
  }

  private static ClassPrefilter prefilterFor(String filters) {
    return MethodSelector.timing(MethodFilter.parseList(filters), List.of(), List.of()).prefilter();
  }
}
