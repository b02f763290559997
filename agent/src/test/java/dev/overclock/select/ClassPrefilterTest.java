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
  void anyOf_mayMatchExactlyWhereOneOfItsPrefiltersMay() throws IOException {
    // three annotations with a shared prefix (one search for it), a method name, a named class
    // and a run-time selection: each alone makes a class a candidate
    RuntimeSelection runtime = new RuntimeSelection();
    ClassPrefilter any = ClassPrefilter.anyOf(List.of(
        MethodSelector.timing(List.of(), List.of(), List.of()).prefilter(),
        new ClassPrefilter(List.of(), List.of("dev.overclock.annotations.Memoize")),
        new ClassPrefilter(MethodFilter.parseList("com.acme.Pricing::quote"), List.of()),
        MethodSelector.runtimeOnly(runtime, List.of(), List.of()).prefilter()));
    byte[] timed = classFile(fixture.Fixtures.class);
    byte[] plain = classFile(ClassPrefilterTest.class);

    assertThat(any.mayMatch("fixture.Fixtures", timed)).isTrue();
    assertThat(any.mayMatch("any.Name", plain)).isFalse();
    assertThat(any.mayMatch("com.acme.Pricing", plain)).isTrue();
    runtime.add("any.Name", "m", "()V", "auto");
    assertThat(any.mayMatch("any.Name", plain)).isTrue();
  }

  @Test
  void anyOf_findsEachAnnotationBehindTheSharedPrefix() {
    ClassPrefilter any = ClassPrefilter.anyOf(List.of(
        new ClassPrefilter(List.of(), List.of("dev.overclock.annotations.Timed")),
        new ClassPrefilter(List.of(), List.of("dev.overclock.annotations.Memoize")),
        new ClassPrefilter(List.of(), List.of("dev.overclock.annotations.Offload"))));
    for (String name : List.of("Timed", "Memoize", "Offload")) {
      byte[] bytes = ("xxLdev/overclock/annotations/Other;yyLdev/overclock/annotations/" + name
          + ";zz").getBytes();
      assertThat(any.mayMatch("any.Name", bytes)).as(name).isTrue();
    }
    assertThat(any.mayMatch("any.Name",
        "Ldev/overclock/annotations/Other;Ldev/overclock/annotation".getBytes())).isFalse();
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
