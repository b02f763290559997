package dev.overclock.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.overclock.report.JvmReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JvmProfileTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Frame RUN = new Frame("java.lang.Thread", "run", "()V", 833);
  private static final Frame SERVE = new Frame("com.acme.Server", "serve", "()V", 40);
  private static final Frame PRICE = new Frame("com.acme.Pricing", "quote", "(I)J", 12);
  private static final Frame HASH = new Frame("java.util.HashMap", "get",
      "(Ljava/lang/Object;)Ljava/lang/Object;", 556);
  private static final Frame LIB = new Frame("com.fasterxml.jackson.Parser", "parse", "()V", 9);

  /** Everything outside the JDK is application code, except the library used here. */
  private static JvmProfile profile() {
    return new JvmProfile(name -> !name.startsWith("com.fasterxml."));
  }

  private static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  @Test
  void selfSample_goesToTheInnermostApplicationFrame_throughJdkAndLibraryFrames() {
    JvmProfile profile = profile();

    profile.executionSample(at(0), List.of(HASH, PRICE, SERVE, RUN));
    profile.executionSample(at(20), List.of(LIB, SERVE, RUN));
    profile.executionSample(at(40), List.of(PRICE, SERVE, RUN));

    Map<String, SampleWindow.Counted> window = byName(profile.takeWindow().methods());
    assertThat(window.get("com.acme.Pricing::quote").self()).isEqualTo(2);
    assertThat(window.get("com.acme.Server::serve").self()).isEqualTo(1);
    assertThat(window.get("com.acme.Server::serve").total()).isEqualTo(3);
    assertThat(window).doesNotContainKeys("java.util.HashMap::get", "java.lang.Thread::run",
        "com.fasterxml.jackson.Parser::parse");
    // totals are kept for every non-JDK method, libraries included
    assertThat(profile.evidence(LIB.key()).samples()).isEqualTo(1);
    assertThat(profile.evidence(PRICE.key()).selfSamples()).isEqualTo(2);
  }

  @Test
  void samplesInFileOrNetworkIo_countForEveryMethodBelowThem_notForOtherJdkWork() {
    JvmProfile profile = profile();
    Frame read = new Frame("sun.nio.ch.FileChannelImpl", "read",
        "(Ljava/nio/ByteBuffer;)I", 200);
    Frame files = new Frame("java.nio.file.Files", "readString",
        "(Ljava/nio/file/Path;Ljava/nio/charset/Charset;)Ljava/lang/String;", 3);
    Frame decode = new Frame("java.lang.String", "<init>", "([BLjava/nio/charset/Charset;)V", 9);
    Frame load = new Frame("com.acme.Catalog", "load", "(Ljava/lang/String;)Ljava/lang/String;", 5);
    Frame socket = new Frame("java.net.SocketInputStream", "read", "([BII)I", 70);

    profile.executionSample(at(0), List.of(read, files, load, SERVE, RUN));
    profile.executionSample(at(20), List.of(decode, files, load, SERVE, RUN)); // under Files
    profile.executionSample(at(40), List.of(HASH, PRICE, load, SERVE, RUN)); // its own work
    profile.executionSample(at(60), List.of(socket, LIB, SERVE, RUN)); // the library's socket
    profile.executionSample(at(80), List.of(HASH, PRICE, SERVE, RUN));

    assertThat(profile.evidence(load.key()).samples()).isEqualTo(3);
    assertThat(profile.evidence(load.key()).ioSamples()).isEqualTo(2);
    assertThat(profile.evidence(PRICE.key()).ioSamples()).isZero();
    assertThat(profile.evidence(LIB.key()).ioSamples()).isEqualTo(1);
    assertThat(profile.evidence(SERVE.key()).samples()).isEqualTo(5);
    assertThat(profile.evidence(SERVE.key()).ioSamples()).isEqualTo(3);
  }

  @Test
  void thinPeriods_areCarriedIntoTheNextWindow_untilTheyHaveEnoughSamples_orTheCarryLimit() {
    JvmProfile profile = profile();
    for (int i = 0; i < 8; i++) {
      profile.executionSample(at(20L * i), List.of(PRICE, SERVE, RUN));
    }
    SampleWindow first = profile.takeWindow(10, 2);
    assertThat(first.samples()).isEqualTo(8);
    assertThat(first.spans()).isEqualTo(1);

    for (int i = 0; i < 4; i++) {
      profile.executionSample(at(5_000 + 20L * i), List.of(PRICE, SERVE, RUN));
    }
    SampleWindow second = profile.takeWindow(10, 2);
    assertThat(second.samples()).as("the first period's 8 and this one's 4").isEqualTo(12);
    assertThat(second.spans()).isEqualTo(2);
    assertThat(byName(second.methods()).get("com.acme.Pricing::quote").self()).isEqualTo(12);

    profile.executionSample(at(10_000), List.of(PRICE, SERVE, RUN));
    SampleWindow third = profile.takeWindow(10, 2);
    assertThat(third.samples()).as("enough were judged: a new window").isEqualTo(1);
    assertThat(third.spans()).isEqualTo(1);
    assertThat(profile.takeWindow(10, 2).spans()).isEqualTo(2);
    assertThat(profile.takeWindow(10, 2).spans()).as("carried at most two periods").isEqualTo(3);
    assertThat(profile.takeWindow(10, 2).samples()).isZero();

    profile.executionSample(at(20_000), List.of(PRICE, SERVE, RUN));
    assertThat(profile.takeWindow().samples()).as("the plain take never carries").isEqualTo(1);
    assertThat(profile.takeWindow().samples()).isZero();
  }

  @Test
  void callingSamples_goToTheNextApplicationFrameOut_onceAndNotToItselfUnderRecursion() {
    JvmProfile profile = profile();

    profile.executionSample(at(0), List.of(HASH, PRICE, SERVE, RUN));
    profile.executionSample(at(20), List.of(PRICE, PRICE, LIB, SERVE, RUN)); // recursion
    profile.executionSample(at(40), List.of(LIB, SERVE, RUN));

    Map<String, SampleWindow.Counted> window = byName(profile.takeWindow().methods());
    assertThat(window.get("com.acme.Server::serve").calling()).isEqualTo(2);
    assertThat(window.get("com.acme.Server::serve").self()).isEqualTo(1);
    assertThat(window.get("com.acme.Pricing::quote").calling()).isZero();
  }

  @Test
  void caller_isTheNextApplicationFrameOutOfMostSamples_throughLibraryFrames_onceUnderRecursion() {
    JvmProfile profile = profile();
    Frame audit = new Frame("com.acme.Audit", "check", "()V", 7);

    profile.executionSample(at(0), List.of(HASH, PRICE, SERVE, RUN));
    profile.executionSample(at(20), List.of(PRICE, PRICE, LIB, SERVE, RUN)); // recursion
    profile.executionSample(at(40), List.of(PRICE, audit, RUN));
    profile.executionSample(at(60), List.of(LIB, SERVE, RUN));

    Map<String, SampleWindow.Counted> window = byName(profile.takeWindow().methods());
    SampleWindow.Counted price = window.get("com.acme.Pricing::quote");
    assertThat(price.caller().key()).isEqualTo(SERVE.key());
    assertThat(price.callerSamples()).isEqualTo(2);
    assertThat(price.total()).isEqualTo(3);
    assertThat(window.get("com.acme.Server::serve").caller())
        .as("the JDK's Thread::run is no application frame").isNull();
    assertThat(window.get("com.acme.Audit::check").callerSamples()).isZero();
  }

  @Test
  void topMethods_rankTheTopFrame_jdkAndLibraryIncluded_withTheApplicationFrameThatLedThere() {
    JvmProfile profile = profile();

    profile.executionSample(at(0), List.of(HASH, PRICE, SERVE, RUN));
    profile.executionSample(at(20), List.of(HASH, PRICE, SERVE, RUN));
    profile.executionSample(at(40), List.of(LIB, SERVE, RUN));
    profile.executionSample(at(60), List.of(PRICE, SERVE, RUN));

    JvmReport report = profile.report("live", 20_000_000, 0, List.of(), List.of());
    assertThat(report.topMethods()).extracting(JvmReport.HotMethod::name)
        .containsExactly("java.util.HashMap::get", "com.acme.Pricing::quote",
            "com.fasterxml.jackson.Parser::parse");
    JvmReport.HotMethod hash = report.topMethods().get(0);
    assertThat(hash.topSamples()).isEqualTo(2);
    assertThat(hash.topShare()).isEqualTo(0.5);
    assertThat(hash.applicationFrame()).isEqualTo("com.acme.Pricing::quote");
    assertThat(report.topMethods().get(2).applicationFrame()).isEqualTo("com.acme.Server::serve");
    // the application's view stays: JDK and library code counted to the application caller
    assertThat(report.hotMethods()).extracting(JvmReport.HotMethod::name)
        .containsExactly("com.acme.Pricing::quote", "com.acme.Server::serve");
    assertThat(report.hotMethods().get(0).selfSamples()).isEqualTo(3);
  }

  @Test
  void hotMethods_tieOnSamples_goesToTheMethodWhoseOwnCodeRan() {
    JvmProfile profile = profile();
    Frame client = new Frame("com.acme.Client", "get", "()I", 7);

    // equal self and total samples: Client's time is JDK code it called, Pricing's its own
    profile.executionSample(at(0), List.of(HASH, client, SERVE, RUN));
    profile.executionSample(at(20), List.of(HASH, client, SERVE, RUN));
    profile.executionSample(at(40), List.of(PRICE, SERVE, RUN));
    profile.executionSample(at(60), List.of(PRICE, SERVE, RUN));

    JvmReport report = profile.report("live", 20_000_000, 0, List.of(), List.of());
    // by name alone com.acme.Client would come first
    assertThat(report.hotMethods()).extracting(JvmReport.HotMethod::name)
        .startsWith("com.acme.Pricing::quote", "com.acme.Client::get");
  }

  @Test
  void recursion_countsOncePerSample() {
    JvmProfile profile = profile();

    profile.executionSample(at(0), List.of(PRICE, PRICE, PRICE, SERVE));

    assertThat(profile.evidence(PRICE.key()).samples()).isEqualTo(1);
    assertThat(byName(profile.takeWindow().methods()).get("com.acme.Pricing::quote").total())
        .isEqualTo(1);
  }

  @Test
  void takeWindow_startsANewWindow_butEvidenceIsCumulative() {
    JvmProfile profile = profile();
    profile.executionSample(at(0), List.of(PRICE));
    SampleWindow first = profile.takeWindow();
    profile.executionSample(at(20), List.of(SERVE));
    profile.executionSample(at(40), List.of(SERVE));
    SampleWindow second = profile.takeWindow();

    assertThat(first.samples()).isEqualTo(1);
    assertThat(second.samples()).isEqualTo(2);
    assertThat(byName(second.methods())).containsOnlyKeys("com.acme.Server::serve");
    assertThat(profile.samples()).isEqualTo(3);
  }

  @Test
  void blockingEvents_countForEveryApplicationMethodOnTheStack_byCategory() {
    JvmProfile profile = profile();
    Frame read = new Frame("java.net.SocketInputStream", "read", "([B)I", 1);

    profile.blocked(at(0), Blocking.SOCKET_READ, List.of(read, PRICE, SERVE), "localhost:80",
        4_000_000, 100, false);
    profile.blocked(at(5), Blocking.PARK, List.of(SERVE), "java.util.concurrent.FutureTask",
        1_000_000, 0, true);
    profile.blocked(at(9), Blocking.SLEEP, List.of(PRICE, PRICE), "", 2_000_000, 0, false);

    MethodEvidence price = profile.evidence(PRICE.key());
    assertThat(price.ioNanos()).isEqualTo(4_000_000);
    assertThat(price.sleepNanos()).isEqualTo(2_000_000); // once, despite recursion
    assertThat(price.blockingEvents()).isEqualTo(2);
    MethodEvidence serve = profile.evidence(SERVE.key());
    assertThat(serve.ioNanos()).isEqualTo(4_000_000);
    assertThat(serve.lockNanos()).isEqualTo(1_000_000);
    assertThat(serve.virtualThreadEvents()).isEqualTo(1);
    assertThat(serve.blockedNanos()).isEqualTo(5_000_000);

    JvmReport report = report(profile);
    assertThat(report.io()).singleElement().satisfies(site -> {
      assertThat(site.site()).isEqualTo("com.acme.Pricing::quote:12");
      assertThat(site.kind()).isEqualTo("socket-read");
      assertThat(site.detail()).isEqualTo("localhost:80");
      assertThat(site.bytes()).isEqualTo(100);
    });
    assertThat(report.contention()).extracting(JvmReport.Site::kind)
        .containsExactly("sleep", "park");
  }

  @Test
  void report_summarisesCpuGcHeapAndAllocation() {
    JvmProfile profile = profile();
    profile.cpuLoad(at(0), 0.5, 0.75);
    profile.cpuLoad(at(1_000), 0.7, 0.95);
    profile.garbageCollection(at(200), "G1New", 2_000_000);
    profile.garbageCollection(at(700), "G1New", 8_000_000);
    profile.garbageCollection(at(900), "G1Old", 40_000_000);
    profile.heapAfterGc(at(200), 10_000_000);
    profile.heapAfterGc(at(700), 12_000_000);
    profile.allocation(at(100), List.of(HASH, PRICE), "[B", 3_000);
    profile.allocation(at(300), List.of(SERVE), "java.lang.String", 1_000);
    profile.executionSample(at(2_000), List.of(PRICE));

    JvmReport report = report(profile);

    assertThat(report.durationNanos()).isEqualTo(2_000_000_000L);
    assertThat(report.cpu().averageProcess()).isCloseTo(0.6, within(1e-9));
    assertThat(report.cpu().series()).extracting(JvmReport.CpuPoint::offsetNanos)
        .containsExactly(0L, 1_000_000_000L);
    assertThat(report.gc().collections()).isEqualTo(3);
    assertThat(report.gc().totalPauseNanos()).isEqualTo(50_000_000);
    assertThat(report.gc().pauseShare()).isCloseTo(0.025, within(1e-9));
    assertThat(report.gc().maxPauseNanos()).isCloseTo(40_000_000, within(400_000L));
    assertThat(report.gc().collectors()).extracting(JvmReport.Collector::name)
        .containsExactly("G1New", "G1Old");
    assertThat(report.gc().heapAfterGc()).extracting(JvmReport.HeapPoint::usedBytes)
        .containsExactly(10_000_000L, 12_000_000L);
    assertThat(report.allocation().bytes()).isEqualTo(4_000);
    assertThat(report.allocation().bytesPerSecond()).isCloseTo(2_000, within(1e-6));
    assertThat(report.allocation().topSites().get(0).site()).isEqualTo("com.acme.Pricing::quote:12");
    assertThat(report.allocation().topSites().get(0).share()).isCloseTo(0.75, within(1e-9));
    assertThat(report.hotMethods()).extracting(JvmReport.HotMethod::name)
        .containsExactly("com.acme.Pricing::quote");
    assertThat(report.flameGraph().samples()).isEqualTo(1);
  }

  @Test
  void pinnedThreads_keepTheStackOfTheirFirstOccurrence() {
    JvmProfile profile = profile();
    profile.pinningSupported(true);

    profile.pinned(at(0), List.of(HASH, PRICE, SERVE), 30_000_000);
    profile.pinned(at(10), List.of(HASH, PRICE, SERVE), 10_000_000);

    JvmReport.Pinning pinning = report(profile).pinning();
    assertThat(pinning.supported()).isTrue();
    assertThat(pinning.count()).isEqualTo(2);
    assertThat(pinning.sites()).singleElement().satisfies(site -> {
      assertThat(site.site()).isEqualTo("com.acme.Pricing::quote:12");
      assertThat(site.totalNanos()).isEqualTo(40_000_000);
      assertThat(site.maxNanos()).isEqualTo(30_000_000);
      assertThat(site.stack()).containsExactly("java.util.HashMap::get:556",
          "com.acme.Pricing::quote:12", "com.acme.Server::serve:40");
    });
  }

  @Test
  void observedSampleInterval_isTheMedianGapBetweenRounds_notTheNominalOne() {
    JvmProfile profile = profile();
    // Rounds every 30 ms (the sampler fell behind its nominal 20 ms), two threads each.
    for (int round = 0; round < 100; round++) {
      profile.executionSample(at(round * 30L), List.of(PRICE));
      profile.executionSample(at(round * 30L).plusNanos(200_000), List.of(SERVE));
    }

    assertThat(profile.observedSampleInterval(20_000_000L)).isEqualTo(30_000_000L);
    assertThat(profile.observedSampleInterval(40_000_000L)).isEqualTo(40_000_000L);
    assertThat(profile().observedSampleInterval(20_000_000L)).isEqualTo(20_000_000L);
  }

  @Test
  void jdkAgentAndGeneratedClasses_areNeverApplicationCode() {
    assertThat(JvmProfile.isJdk("java.util.HashMap")).isTrue();
    assertThat(JvmProfile.isJdk("jdk.internal.misc.Unsafe")).isTrue();
    assertThat(JvmProfile.isJdk("dev.overclock.metrics.TimingRecorders")).isTrue();
    assertThat(JvmProfile.isJdk("com.acme.Server$$Lambda$14/0x0000000800c03000")).isTrue();
    assertThat(JvmProfile.isJdk("com.acme.Server")).isFalse();
  }

  private static JvmReport report(JvmProfile profile) {
    return profile.report("recording", 20_000_000L, 10_000_000L, List.of("jdk.ExecutionSample"),
        List.of());
  }

  private static Map<String, SampleWindow.Counted> byName(List<SampleWindow.Counted> counted) {
    return counted.stream().collect(Collectors.toMap(c -> c.method().name(), Function.identity()));
  }

  /**
   * Samples of a stack given again as the same list are counted per stack and added in one
   * weighted walk when the tables are read (the offline reader shares one list per stack): every
   * figure, window and evidence equals adding them sample by sample.
   */
  @Test
  void samplesOfSharedStacks_countedPerStack_giveTheFiguresOfOneByOne() {
    JvmProfile perStack = new JvmProfile(name -> !name.startsWith("com.fasterxml."), () -> true);
    JvmProfile oneByOne = profile();
    Frame priceAt13 = new Frame("com.acme.Pricing", "quote", "(I)J", 13);
    List<List<Frame>> stacks = List.of(
        List.of(HASH, PRICE, SERVE, RUN),
        List.of(LIB, SERVE, RUN),
        List.of(PRICE, priceAt13, PRICE, SERVE, RUN), // recursion
        List.of(HASH, LIB, PRICE, SERVE, RUN),
        List.of(RUN));
    for (int window = 0; window < 3; window++) {
      for (int i = 0; i < 200; i++) {
        List<Frame> stack = stacks.get((i * i + window) % stacks.size());
        perStack.executionSample(at(10L * i), i % 3, stack, false);
        oneByOne.executionSample(at(10L * i), i % 3,
            List.copyOf(new java.util.ArrayList<>(stack)), false);
      }
      assertThat(perStack.evidence(PRICE.key())).isEqualTo(oneByOne.evidence(PRICE.key()));
      SampleWindow a = perStack.takeWindow();
      SampleWindow b = oneByOne.takeWindow();
      assertThat(a.samples()).isEqualTo(b.samples());
      assertThat(a.methods()).containsExactlyInAnyOrderElementsOf(b.methods());
      assertThat(a.boundaries()).containsExactlyInAnyOrderElementsOf(b.boundaries());
    }
    assertThat(perStack.evidence(LIB.key()).samples()).isPositive();
    assertThat(perStack.report("recording", 20_000_000, 0, List.of(), List.of()))
        .isEqualTo(oneByOne.report("recording", 20_000_000, 0, List.of(), List.of()));
  }

  /**
   * Allocation samples and blocking events of a stack given again as the same list are tallied
   * per stack, kind and detail and added in one weighted step when the tables are read: every
   * figure, window and evidence equals adding them one by one, also when the site tables are
   * full and replace their lightest sites (more sites than {@link JvmProfile#SITES} here).
   */
  @Test
  void allocationsAndWaitsOfSharedStacks_tallied_giveTheFiguresOfOneByOne() {
    JvmProfile perStack = new JvmProfile(name -> !name.startsWith("com.fasterxml."), () -> true);
    JvmProfile oneByOne = profile();
    Frame read = new Frame("java.net.SocketInputStream", "read", "([B)I", 70);
    List<List<Frame>> stacks = new java.util.ArrayList<>(List.of(
        List.of(read, PRICE, SERVE, RUN),
        List.of(HASH, LIB, SERVE, RUN),
        List.of(PRICE, PRICE, SERVE, RUN), // recursion
        List.of(RUN),
        List.of(HASH, LIB)));
    for (int site = 0; site < JvmProfile.SITES + 60; site++) {
      stacks.add(List.of(HASH, new Frame("com.acme.Site" + site, "work", "()V", site), RUN));
    }
    Blocking[] kinds = Blocking.values();
    String[] details = {"", "localhost:80", "java.lang.Object", "[B"};
    for (int window = 0; window < 3; window++) {
      for (int i = 0; i < 3_000; i++) {
        // a few stacks often, the many site stacks seldom: full tables replace light sites
        int pick = i % 4 == 0 ? (i * 7 + window) % stacks.size() : (i * i) % 5;
        List<Frame> stack = stacks.get(pick);
        List<Frame> copy = List.copyOf(new java.util.ArrayList<>(stack));
        Blocking kind = kinds[(i / 3 + pick) % kinds.length];
        String detail = details[(i + pick) % details.length];
        long weight = (i * 7_919L) % 5_000 - 100; // some negative: counted as 0
        if (i % 3 == 0) {
          perStack.allocation(at(i), stack, detail, weight);
          oneByOne.allocation(at(i), copy, detail, weight);
        } else {
          boolean virtual = i % 5 == 0;
          perStack.blocked(at(i), kind, stack, detail, weight * 1_000, weight, virtual);
          oneByOne.blocked(at(i), kind, copy, detail, weight * 1_000, weight, virtual);
        }
        if (i % 500 == 0) {
          perStack.executionSample(at(i), 1, stack, false);
          oneByOne.executionSample(at(i), 1, copy, false);
        }
      }
      assertThat(perStack.evidence(PRICE.key())).isEqualTo(oneByOne.evidence(PRICE.key()));
      assertThat(perStack.evidence(LIB.key())).isEqualTo(oneByOne.evidence(LIB.key()));
      SampleWindow a = perStack.takeWindow();
      SampleWindow b = oneByOne.takeWindow();
      assertThat(a.waiting()).containsExactlyInAnyOrderElementsOf(b.waiting());
    }
    JvmReport report = perStack.report("recording", 20_000_000, 0, List.of(), List.of());
    assertThat(report.allocation().topSites()).hasSize(JvmProfile.TOP_SITES);
    assertThat(perStack.evidence(PRICE.key()).blockingEvents()).isPositive();
    assertThat(report)
        .isEqualTo(oneByOne.report("recording", 20_000_000, 0, List.of(), List.of()));
  }
}
