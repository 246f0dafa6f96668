package dev.pkixj.verifier.strict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/strict-profile.md's rule table stays true to {@link Rule}: every rule, in priority order,
 * with its code and source.
 */
class StrictProfileDocTest {
  private static final Pattern ROW = Pattern.compile(
      "^\\|\\s*(\\d+)\\s*\\|\\s*`([A-Z0-9_]+)`\\s*\\|\\s*([^|]+?)\\s*\\|\\s*([^|]+?)\\s*\\|");

  @Test
  void theRuleTableListsEveryRuleWithItsCodeAndSource() throws Exception {
    Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/strict-profile.md");
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(doc)) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        rows.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
      }
    }
    Rule[] rules = Rule.values();
    assertEquals(rules.length, rows.size(), "rows of the rule table in " + doc);
    for (int i = 0; i < rules.length; i++) {
      String[] row = rows.get(i);
      assertEquals(String.valueOf(i), row[0]);
      assertEquals(rules[i].name(), row[1], "rule " + i + " in priority order");
      if (rules[i] != Rule.FIREFOX) {
        assertEquals("`" + rules[i].code() + "`", row[2], rules[i] + "'s code");
        assertTrue(rules[i].source().startsWith(row[3].replace("`", "")) || row[3].replace("`",
            "").startsWith(rules[i].source().split(" \\(")[0]), rules[i] + "'s source: "
            + row[3] + " vs " + rules[i].source());
      }
    }
  }
}
