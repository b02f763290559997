package dev.overclock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParserTest {

  private static Config parse(String argument) {
    return ConfigParser.parse(argument, new Properties(), Map.of());
  }

  @Test
  void noOptions_giveTheDocumentedDefaults() {
    Config config = parse(null);

    assertThat(config.enabled()).isTrue();
    assertThat(config.timing().on()).isTrue();
    assertThat(config.timing().filters()).isEmpty();
    assertThat(config.report().dir()).isEqualTo(Path.of(Options.REPORT_DIR.defaultValue()));
    assertThat(config.report().interval())
        .isEqualTo(Durations.parse(Options.REPORT_INTERVAL.defaultValue()));
    assertThat(config.report().summary()).isTrue();
    assertThat(config.report().summaryTop())
        .isEqualTo(Integer.parseInt(Options.SUMMARY_TOP.defaultValue()));
    assertThat(config.timing().cpu()).isFalse();
    assertThat(config.timing().cpuEvery())
        .isEqualTo(Integer.parseInt(Options.CPU_EVERY.defaultValue()));
    assertThat(config.prometheus()).isNull();
    assertThat(config.problems()).isEmpty();
    assertThat(config.settings()).isEmpty();
  }

  @Test
  void prometheusPort_turnsTheEndpointOn_onLoopback_withTheDocumentedDefaults() {
    Config config = parse("prometheus.port=9464");

    assertThat(config.prometheus()).isEqualTo(new PrometheusOptions("127.0.0.1", 9464,
        Integer.parseInt(Options.PROMETHEUS_TOP.defaultValue()),
        Durations.parse(Options.PROMETHEUS_WINDOW.defaultValue())));
    assertThat(config.problems()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"0.0.0.0", "localhost", "metrics.example.com", "10.0.0.5", "::1", "[::1]",
      "fe80::1%eth0", "::"})
  void prometheusHost_acceptsNamesAndAddresses(String host) {
    Config config = parse("prometheus.port=0,prometheus.host=\"" + host + "\",prometheus.top=20,"
        + "prometheus.window=30s");

    assertThat(config.problems()).isEmpty();
    assertThat(config.prometheus()).isEqualTo(
        new PrometheusOptions(host, 0, 20, Duration.ofSeconds(30)));
  }

  @Test
  void badPrometheusOption_turnsOnlyTheEndpointOff() {
    Config config = parse("prometheus.port=9464,prometheus.top=many,cpu=true");

    assertThat(config.enabled()).isTrue();
    assertThat(config.timing().on()).isTrue();
    assertThat(config.timing().cpu()).isTrue();
    assertThat(config.prometheus()).isNull();
    assertThat(config.problems()).hasSize(1);
  }

  @Test
  void attachFullRecompile_isOffByDefault_andABadValueKeepsTheRefusal() {
    assertThat(parse("").attachFullRecompile()).isFalse();
    assertThat(parse("attach.fullrecompile=true").attachFullRecompile()).isTrue();

    Config bad = parse("attach.fullrecompile=yes,cpu=true");
    assertThat(bad.enabled()).isTrue();
    assertThat(bad.timing().cpu()).isTrue();
    assertThat(bad.attachFullRecompile()).isFalse();
    assertThat(bad.problems()).singleElement().asString()
        .contains("attach.fullrecompile").endsWith("attach refuses such a JVM");
  }

  @Test
  void agentArgument_isCommaSeparatedKeyValuePairs() {
    Config config =
        parse("timed=com.acme.A::a; ::b , cpu=true,cpu.every=4,report.interval=2s,report.dir=out,"
            + "include=com.acme;org.shop.*,exclude=com.acme.gen,summary.top=3,verbose=true");

    assertThat(config.timing().filters()).extracting(Object::toString)
        .containsExactly("com.acme.A::a", "::b");
    assertThat(config.timing().cpu()).isTrue();
    assertThat(config.timing().cpuEvery()).isEqualTo(4);
    assertThat(config.report().interval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.report().dir()).isEqualTo(Path.of("out"));
    assertThat(config.scope().include()).containsExactly("com.acme", "org.shop");
    assertThat(config.scope().exclude()).containsExactly("com.acme.gen");
    assertThat(config.report().summaryTop()).isEqualTo(3);
    assertThat(config.verbose()).isTrue();
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void precedence_isArgumentThenSystemPropertyThenEnvironmentThenFile(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("overclock.properties");
    Files.writeString(file, "summary.top=4\ncpu.every=4\nreport.dir=from-file\nverbose=true\n");
    Properties system = new Properties();
    system.setProperty("overclock.summary.top", "3");
    system.setProperty("overclock.cpu.every", "3");
    system.setProperty("overclock.config", file.toString());
    system.setProperty("unrelated.property", "x");
    Map<String, String> env = Map.of("OVERCLOCK_SUMMARY_TOP", "2", "OVERCLOCK_CPU_EVERY", "2",
        "OVERCLOCK_REPORT_DIR", "from-env", "PATH", "/bin");

    Config config = ConfigParser.parse("summary.top=1", system, env);

    assertThat(config.report().summaryTop()).isEqualTo(1);
    assertThat(config.timing().cpuEvery()).isEqualTo(3);
    assertThat(config.report().dir()).isEqualTo(Path.of("from-env"));
    assertThat(config.verbose()).isTrue();
    assertThat(config.problems()).isEmpty();
    assertThat(config.settings()).extracting(Setting::origin)
        .contains("agent argument", "system property overclock.cpu.every",
            "environment OVERCLOCK_REPORT_DIR", "config file " + file.toAbsolutePath());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "timed=::| option timed='::' (agent argument): expected filters like com.acme.Pricing::quote,"
            + " com.acme.Pricing, ::quote, @com.acme.Hot or com.acme.*, joined with ';' ('::':"
            + " expected a method name after '::'); timing is off",
        "report.interval=soon| option report.interval='soon' (agent argument): expected a duration"
            + " from 100ms to 1d, such as 500ms, 10s or 5m, or 0 for a report at exit only; the"
            + " report is written at exit only",
        "report.interval=1000000d| option report.interval='1000000d' (agent argument): expected a"
            + " duration from 100ms to 1d, such as 500ms, 10s or 5m, or 0 for a report at exit"
            + " only; the report is written at exit only",
        "report.interval=1ns| option report.interval='1ns' (agent argument): expected a duration"
            + " from 100ms to 1d, such as 500ms, 10s or 5m, or 0 for a report at exit only; the"
            + " report is written at exit only",
        "nosuchkey=1| Overclock is off: unknown option 'nosuchkey' (agent argument). All options:"
            + " java -jar overclock-agent.jar options",
        "repot.dir=r2| Overclock is off: unknown option 'repot.dir' (agent argument). Did you mean"
            + " report.dir? All options: java -jar overclock-agent.jar options",
        "jfr=maybe| option jfr='maybe' (agent argument): expected true or false; the JFR stream is"
            + " off",
        "jfr.sampleInterval=0| option jfr.sampleinterval='0' (agent argument): expected a duration"
            + " from 1ms to 10s, such as 10ms or 20ms; the JFR stream is off",
        "jfr.threshold=1m| option jfr.threshold='1m' (agent argument): expected a duration from 0"
            + " to 10s, such as 1ms or 20ms; the JFR stream is off",
        "jfr.slowThreshold=fast| option jfr.slowthreshold='fast' (agent argument): expected a"
            + " duration from 1us to 1h, such as 50ms or 2s, or 0 for none; slow-invocation events"
            + " are off",
        "auto=profile| option auto='profile' (agent argument): expected timing, optimize or off;"
            + " automatic timing is off",
        "auto.window=500ms| option auto.window='500ms' (agent argument): expected a duration from"
            + " 1s to 1h, such as 5s or 1m; automatic timing is off",
        "auto.minShare=200%| option auto.minshare='200%' (agent argument): expected a percentage"
            + " from 0.1% to 100%, such as 2% or 0.5% (or a fraction: 0.02); automatic timing is"
            + " off",
        "auto.top=0| option auto.top='0' (agent argument): expected a whole number from 1 to 1000;"
            + " automatic timing is off",
        "auto.max=-1| option auto.max='-1' (agent argument): expected a whole number from 1 to"
            + " 10000; automatic timing is off",
        "cpu=yes| option cpu='yes' (agent argument): expected true or false; CPU measurement is off",
        "cpu.every=0| option cpu.every='0' (agent argument): expected a whole number from 1 to"
            + " 1000000; CPU measurement is off",
        "include=com..acme| option include='com..acme' (agent argument): expected package names"
            + " joined with ';', such as com.acme;org.shop ('com..acme' is not a package name);"
            + " timing, memoization and offload are off",
        "enabled=maybe| option enabled='maybe' (agent argument): expected true or false; Overclock"
            + " is off",
        "prometheus.port=http| option prometheus.port='http' (agent argument): expected a port"
            + " number from 0 to 65535 (0: any free port, printed at start); the Prometheus"
            + " endpoint is off",
        "prometheus.port=65536| option prometheus.port='65536' (agent argument): expected a port"
            + " number from 0 to 65535 (0: any free port, printed at start); the Prometheus"
            + " endpoint is off",
        "prometheus.host=no host| option prometheus.host='no host' (agent argument): expected a"
            + " host name or IP address of this machine, such as localhost, 10.0.0.5, ::1, or"
            + " 0.0.0.0 for every interface; the Prometheus endpoint is off",
        "prometheus.top=0| option prometheus.top='0' (agent argument): expected a whole number from"
            + " 1 to 100000; the Prometheus endpoint is off",
        "prometheus.window=0| option prometheus.window='0' (agent argument): expected a duration"
            + " from 10s to 1h, such as 1m or 10m; the Prometheus endpoint is off",
        "prometheus.window=2s| option prometheus.window='2s' (agent argument): expected a duration"
            + " from 10s to 1h, such as 1m or 10m; the Prometheus endpoint is off",
        "justakey| agent argument 'justakey': expected key=value pairs separated by ',';"
            + " Overclock is off",
      })
  void badOption_givesOneLineNamingKeyValueAcceptedAndConsequence(String argument, String message) {
    Config config = parse(argument);

    assertThat(config.problems()).containsExactly(message);
  }

  @Test
  void jfrOptions_haveTheDocumentedDefaults() {
    JfrOptions jfr = parse(null).jfr();

    assertThat(jfr).isEqualTo(JfrOptions.DEFAULTS);
    assertThat(jfr.stream()).isTrue();
    assertThat(jfr.auto()).isTrue();
    assertThat(jfr.sampleInterval()).isEqualTo(Durations.parse(Options.JFR_SAMPLE_INTERVAL.defaultValue()));
    assertThat(jfr.threshold()).isEqualTo(Durations.parse(Options.JFR_THRESHOLD.defaultValue()));
    assertThat(jfr.slowThreshold()).isEqualTo(Durations.parse(Options.JFR_SLOW_THRESHOLD.defaultValue()));
    assertThat(jfr.autoWindow()).isEqualTo(Durations.parse(Options.AUTO_WINDOW.defaultValue()));
    assertThat(jfr.autoMinShare()).isEqualTo(0.02);
    assertThat(jfr.autoTop()).isEqualTo(Integer.parseInt(Options.AUTO_TOP.defaultValue()));
    assertThat(jfr.autoMax()).isEqualTo(Integer.parseInt(Options.AUTO_MAX.defaultValue()));
  }

  @Test
  void jfrOptions_areParsed_inAnyCase() {
    JfrOptions jfr = parse("jfr.sampleInterval=10ms,jfr.threshold=0,jfr.slowThreshold=0,"
        + "auto.window=1s,auto.minShare=0.5%,auto.top=3,auto.max=7").jfr();

    assertThat(jfr.sampleInterval()).isEqualTo(Duration.ofMillis(10));
    assertThat(jfr.threshold()).isZero();
    assertThat(jfr.slowThreshold()).isZero();
    assertThat(jfr.autoWindow()).isEqualTo(Duration.ofSeconds(1));
    assertThat(jfr.autoMinShare()).isEqualTo(0.005);
    assertThat(jfr.autoTop()).isEqualTo(3);
    assertThat(jfr.autoMax()).isEqualTo(7);
    assertThat(parse("auto.minshare=0.1").jfr().autoMinShare()).isEqualTo(0.1);
    assertThat(parse("auto=off").jfr().auto()).isFalse();
    assertThat(parse("jfr=false").jfr().stream()).isFalse();
  }

  @Test
  void badJfrOption_turnsOffOnlyItsFeature() {
    Config badInterval = parse("jfr.sampleinterval=0");
    assertThat(badInterval.enabled()).isTrue();
    assertThat(badInterval.timing().on()).isTrue();
    assertThat(badInterval.jfr().stream()).isFalse();

    Config badWindow = parse("auto.window=forever");
    assertThat(badWindow.jfr().stream()).isTrue();
    assertThat(badWindow.jfr().auto()).isFalse();

    Config badSlow = parse("jfr.slowthreshold=fast");
    assertThat(badSlow.jfr().stream()).isTrue();
    assertThat(badSlow.jfr().auto()).isTrue();
    assertThat(badSlow.jfr().slowThreshold()).isZero();
  }

  @Test
  void badFeatureOption_turnsOnlyThatFeatureOff() {
    Config badTimed = parse("timed=::,cpu=true");
    assertThat(badTimed.enabled()).isTrue();
    assertThat(badTimed.timing().on()).isFalse();
    assertThat(badTimed.timing().cpu()).isTrue();

    Config badInterval = parse("report.interval=soon");
    assertThat(badInterval.enabled()).isTrue();
    assertThat(badInterval.timing().on()).isTrue();
    assertThat(badInterval.report().interval()).isEqualTo(Duration.ZERO);
    assertThat(badInterval.report().dir()).isNotNull();
  }

  @Test
  void unknownKey_turnsTheWholeAgentOff() {
    assertThat(parse("nosuchkey=1").enabled()).isFalse();
    Properties system = new Properties();
    system.setProperty("overclock.nosuchkey", "1");
    assertThat(ConfigParser.parse(null, system, Map.of()).enabled()).isFalse();
  }

  @Test
  void unknownEnvironmentVariable_isNamedAndIgnored() {
    Config config = ConfigParser.parse(null, new Properties(), Map.of("OVERCLOCK_HOME", "/opt/oc"));

    assertThat(config.enabled()).isTrue();
    assertThat(config.problems()).singleElement().asString()
        .startsWith("ignored environment OVERCLOCK_HOME: not an Overclock option; known options:");
  }

  @Test
  void keys_areNotCaseSensitive_andQuotedValuesKeepTheirCommas() {
    Config config = parse("CPU=true,Report.Dir=\"/tmp/a,b\",summary=false");

    assertThat(config.timing().cpu()).isTrue();
    assertThat(config.report().dir()).isEqualTo(Path.of("/tmp/a,b"));
    assertThat(config.report().summary()).isFalse();
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void enabledFalse_turnsEverythingOff_andSilencesOtherProblems() {
    Config config = parse("enabled=false,nosuchkey=1,timed=::");

    assertThat(config.enabled()).isFalse();
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void missingConfigFile_turnsTheAgentOff_namingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("missing.properties");

    Config config = parse("config=" + missing);

    assertThat(config.enabled()).isFalse();
    assertThat(config.problems()).singleElement().asString()
        .startsWith("option config='" + missing + "' (agent argument): expected the path of a"
            + " readable properties file (NoSuchFileException")
        .endsWith("; Overclock is off");
  }

  @Test
  void configFile_withUnknownKey_namesTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("oc.properties");
    Files.writeString(file, "timd=::quote\n");

    Config config = parse("config=" + file);

    assertThat(config.enabled()).isFalse();
    assertThat(config.problems()).singleElement().asString()
        .isEqualTo("Overclock is off: unknown option 'timd' (config file " + file.toAbsolutePath()
            + "). Did you mean timed? All options: java -jar overclock-agent.jar options");
  }

  @Test
  void emptyReportDir_meansNoReport_withAProblem() {
    Config config = parse("report.dir=");

    assertThat(config.report().dir()).isNull();
    assertThat(config.problems()).singleElement().asString().endsWith("no report is written");
  }

  @Test
  void memoizeOptions_areFiltersAndUnsafeTypes() {
    Config config = parse("memoize=com.acme.Pricing::quote;::distance,"
        + "memoize.unsafe=com.acme.Matrix;com.acme.mutable.*;com.acme.Outer$Inner");

    assertThat(config.memo().on()).isTrue();
    assertThat(config.memo().filters()).extracting(Object::toString)
        .containsExactly("com.acme.Pricing::quote", "::distance");
    assertThat(config.memo().unsafe())
        .containsExactly("com.acme.Matrix", "com.acme.mutable.*", "com.acme.Outer$Inner");
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void perMethodMemoizeOptions_fromTheConfigFile_keepTheClassNamesCase(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("oc.properties");
    Files.writeString(file, "memoize.com.acme.Pricing::quote.maxSize=500\n"
        + "memoize.com.acme.Pricing::quote.EXPIREAFTERWRITE=30s\n"
        + "memoize.com.acme.Pricing::quote.verify=0\n"
        + "memoize.com.acme.Pricing::quote.verifyRate=0.5\n"
        + "memoize.::distance.enabled=false\n");

    Config config = parse("config=" + file + ",memoize.com.acme.Pricing::quote.maxSize=7");

    assertThat(config.problems()).isEmpty();
    assertThat(config.memo().overrides()).hasSize(2);
    MemoizeOverride quote = config.memo().overrides().get(0);
    assertThat(quote.method()).hasToString("com.acme.Pricing::quote");
    assertThat(quote.maxSize()).isEqualTo(7L); // the agent argument wins
    assertThat(quote.expireAfterWrite()).isEqualTo(Duration.ofSeconds(30));
    assertThat(quote.verify()).isZero();
    assertThat(quote.verifyRate()).isEqualTo(0.5);
    assertThat(quote.enabled()).isNull();
    assertThat(config.memo().overrides().get(1).enabled()).isFalse();
    assertThat(config.settings()).extracting(Setting::key)
        .contains("memoize.com.acme.Pricing::quote.maxsize");
  }

  @Test
  void badPerMethodMemoizeValue_switchesThatMethodOff_withOneLine() {
    Config config = parse("memoize.com.acme.P::q.maxSize=none,memoize.com.acme.P::r.colour=red");

    assertThat(config.memo().on()).isTrue();
    assertThat(config.problems()).containsExactly(
        "option memoize.com.acme.P::q.maxsize='none' (agent argument): expected a whole number of"
            + " at least 1; com.acme.P::q is not memoized",
        "option memoize.com.acme.P::r.colour='red' (agent argument): unknown attribute 'colour'"
            + " (expected one of maxSize, expireAfterWrite, verify, verifyRate, enabled);"
            + " com.acme.P::r is not memoized");
    assertThat(config.memo().overrides()).allSatisfy(o -> {
      assertThat(o.enabled()).isFalse();
      assertThat(o.problem()).isNotNull();
    });
  }

  @Test
  void perMethodMemoizeKey_withoutAnAttribute_turnsMemoizationOff() {
    Config config = parse("memoize.com.acme.P::q=1");

    assertThat(config.enabled()).isTrue();
    assertThat(config.memo().on()).isFalse();
    assertThat(config.timing().on()).isTrue();
    assertThat(config.problems()).singleElement().asString()
        .startsWith("option memoize.com.acme.P::q='1' (agent argument): expected a key")
        .endsWith("; memoization is off");
  }

  @Test
  void badMemoizeFilter_turnsMemoizationOff_butNotTiming() {
    Config config = parse("memoize=com.acme.P::,memoize.unsafe=9bad");

    assertThat(config.memo().on()).isFalse();
    assertThat(config.timing().on()).isTrue();
    assertThat(config.problems()).hasSize(2).allSatisfy(
        problem -> assertThat(problem).endsWith("; memoization is off"));
  }

  @Test
  void listOptionGivenTwice_inOneSource_getsBothLists(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("oc.properties");
    Files.writeString(file, "memoize=com.acme.A::a\n# memoize=com.acme.Off::x\n"
        + "memoize=com.acme.B::b\ninclude=com.acme\ninclude=org.shop\n");

    Config config = parse("config=" + file + ",timed=::a,timed=::b;::c");

    assertThat(config.problems()).isEmpty();
    assertThat(config.timing().filters()).extracting(Object::toString)
        .containsExactly("::a", "::b", "::c");
    assertThat(config.memo().filters()).extracting(Object::toString)
        .containsExactly("com.acme.A::a", "com.acme.B::b");
    assertThat(config.scope().include()).containsExactly("com.acme", "org.shop");
  }

  @Test
  void singleValueGivenTwice_withTwoValues_isRefused_namingBoth(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("oc.properties");
    Files.writeString(file, "summary.top=5\nsummary.top=7\ncpu=true\ncpu=true\n");

    Config fromFile = parse("config=" + file);
    Config fromArgument = parse("report.interval=1s,report.interval=2s");

    String where = "config file " + file.toAbsolutePath();
    assertThat(fromFile.problems()).containsExactly("option summary.top is given twice, '5' ("
        + where + ") and '7' (" + where + "): expected one value; the exit summary is off");
    assertThat(fromFile.report().summary()).isFalse();
    assertThat(fromFile.timing().cpu()).isTrue(); // the same value twice is no conflict
    assertThat(fromArgument.problems()).containsExactly("option report.interval is given twice,"
        + " '1s' (agent argument) and '2s' (agent argument): expected one value; the report is"
        + " written at exit only");
    assertThat(fromArgument.report().interval()).isZero();
    assertThat(fromArgument.enabled()).isTrue();
  }

  @Test
  void valueGivenTwice_inTwoSources_followsPrecedence_withoutAProblem() {
    Properties system = new Properties();
    system.setProperty("overclock.summary.top", "3");
    system.setProperty("overclock.timed", "::b");

    Config config = ConfigParser.parse("summary.top=1,timed=::a", system, Map.of());

    assertThat(config.problems()).isEmpty();
    assertThat(config.report().summaryTop()).isEqualTo(1);
    assertThat(config.timing().filters()).extracting(Object::toString).containsExactly("::a");
  }

  @Test
  void perMethodMemoizeValueGivenTwice_switchesThatMethodOff() {
    Config config = parse("memoize.com.acme.P::q.maxSize=5,memoize.com.acme.P::q.maxSize=6");

    assertThat(config.problems()).containsExactly("option memoize.com.acme.P::q.maxsize is given"
        + " twice, '5' (agent argument) and '6' (agent argument): expected one value;"
        + " com.acme.P::q is not memoized");
    assertThat(config.memo().overrides()).singleElement()
        .satisfies(o -> assertThat(o.enabled()).isFalse());
  }

  @Test
  void everyDefault_isAValueOfItsOwnOption_andTheJfrDefaultsFollowThem() {
    for (Option<?> option : Options.ALL) {
      assertThat(option.defaultTyped()).as(option.key()).satisfiesAnyOf(
          value -> assertThat(option.defaultValue()).isEmpty(),
          value -> assertThat(value).isNotNull());
    }
    assertThat(JfrOptions.DEFAULTS.sampleInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(JfrOptions.DEFAULTS.autoMinShare()).isEqualTo(0.02);
  }

  @ParameterizedTest
  @CsvSource({"repot.dir, report.dir", "sumary, summary", "timd, timed", "CPU.evry, cpu.every",
      "jfr.samplinginterval, jfr.sampleinterval"})
  void nearestOption_findsTypos(String typo, String meant) {
    assertThat(NearestOption.to(typo.toLowerCase(java.util.Locale.ROOT))).isEqualTo(meant);
  }

  @ParameterizedTest
  @CsvSource({"nosuchkey", "home", "x"})
  void nearestOption_suggestsNothing_forOtherWords(String word) {
    assertThat(NearestOption.to(word)).isNull();
  }

  @Test
  void escapeMethodKeys_escapesOnlyTheColonsOfPerMethodKeys() {
    assertThat(ConfigParser.escapeMethodKeys(
            "memoize.a.B::c.maxSize=1\n  Memoize.::d.verify=0\nmemoize=a.B::c\nreport.dir=C:/x\n"
                + "memoize.a.B\\:\\:e.verify=1"))
        .isEqualTo("memoize.a.B\\:\\:c.maxSize=1\n  Memoize.\\:\\:d.verify=0\nmemoize=a.B::c\n"
            + "report.dir=C:/x\nmemoize.a.B\\:\\:e.verify=1");
  }
}
