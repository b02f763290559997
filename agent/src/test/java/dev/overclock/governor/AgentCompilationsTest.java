package dev.overclock.governor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentCompilationsTest {

  private static final long MS = 1_000_000L;

  @Test
  void countsTheAgentsOwnCode_itsShadedLibraries_andTheJfrConsumer_fromTheThresholdUp() {
    AgentCompilations jit = new AgentCompilations();

    jit.compiled("dev.overclock.metrics.TimingRecorders", 5 * MS);
    jit.compiled("dev.overclock.shaded.hdrhistogram.AbstractHistogram", 40 * MS);
    jit.compiled("jdk.jfr.internal.consumer.ConstantMap", 12 * MS);
    jit.compiled("jdk.jfr.consumer.RecordedObject", 7 * MS);

    assertThat(jit.nanos()).isEqualTo(64 * MS);
  }

  @Test
  void leavesOutShortCompilations_theApplications_theJdksSharedCode_andJfrsRecorder() {
    AgentCompilations jit = new AgentCompilations();

    jit.compiled("dev.overclock.jvm.RecordedFrames", 5 * MS - 1); // under the threshold
    jit.compiled("org.example.workloads.search.CatalogSearch", 300 * MS);
    jit.compiled("java.lang.String", 30 * MS);
    jit.compiled("jdk.jfr.internal.SettingsManager", 80 * MS); // any recording runs it
    jit.compiled("dev.overclocked.Lookalike", 30 * MS); // not the agent's package
    jit.compiled(null, 30 * MS);

    assertThat(jit.nanos()).isZero();
  }
}
