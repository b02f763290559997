package dev.overclock.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The option table of docs/options.md (the README links to it) is the user's reference: it must list exactly the options the parser
 * accepts, with the same defaults.
 */
class ReadmeOptionsTest {

  private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

  @Test
  void readmeTable_listsEveryOption_withItsDefault() throws IOException {
    Path readme = Path.of(System.getProperty("overclock.options", "../docs/options.md"));
    String text = Files.readString(readme);
    String section = text;

    Map<String, String> documented = new LinkedHashMap<>();
    Matcher row = ROW.matcher(section);
    while (row.find()) {
      documented.put(row.group(1), row.group(2).strip().replace("`", ""));
    }

    Map<String, String> actual = new LinkedHashMap<>();
    for (Option option : Options.ALL) {
      actual.put(option.key(), option.defaultValue().isEmpty() ? "(none)" : option.defaultValue());
    }
    assertThat(documented).containsExactlyEntriesOf(actual);
  }
}
