package dev.pkixj.truststore.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.truststore.crlite.CrliteUpdater;
import dev.pkixj.truststore.remotesettings.Changeset;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import dev.pkixj.truststore.remotesettings.RemoteSettingsException;
import dev.pkixj.truststore.remotesettings.RsRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzz target for the Remote Settings changeset reader and Firefox's choice of CRLite records
 * (docs/crlite.md "Filters on disk and updates", docs/limits.md "CRLite updates"). Rule: a
 * changeset parses or is refused with a {@link RemoteSettingsException} whose one-line message
 * names the URL, never another exception; the choice from one that parses is a full filter of
 * the channel followed by distinct deltas of the channel, each the child of the one before.
 */
class RemoteSettingsFuzzTest {
  private static final String URL = "https://rs.example/v1/changeset";

  @FuzzTest
  void changeset(byte[] data) {
    Changeset cs;
    try {
      cs = RemoteSettingsClient.parseChangeset(data, URL);
    } catch (RemoteSettingsException e) {
      check(e, data);
      return;
    }
    ImporterFuzzTest.require(cs.records().size() <= RemoteSettingsClient.MAX_RECORDS, "records");
    for (String channel : new String[] {"default", "compat"}) {
      Optional<CrliteUpdater.Selection> sel;
      try {
        sel = CrliteUpdater.select(cs, channel);
      } catch (RemoteSettingsException e) {
        check(e, data);
        continue;
      }
      if (sel.isEmpty()) {
        continue;
      }
      RsRecord prev = sel.get().full();
      ImporterFuzzTest.require(prev.attachment().isPresent() && !prev.deleted(), "full filter");
      Set<String> seen = new HashSet<>();
      seen.add(prev.id());
      for (RsRecord d : sel.get().deltas()) {
        ImporterFuzzTest.require(d.json().get("parent").equals(prev.id()), "a broken chain");
        ImporterFuzzTest.require(channel.equals(d.json().get("channel")), "another channel");
        ImporterFuzzTest.require(seen.add(d.id()), "a record twice in the chain: " + d.id());
        prev = d;
      }
    }
  }

  private static void check(RemoteSettingsException e, byte[] data) {
    String m = e.getMessage();
    ImporterFuzzTest.require(m.startsWith(URL + ": ") && m.length() > URL.length() + 2,
        "message does not name the URL: " + m);
    ImporterFuzzTest.require(!ImporterFuzzTest.leaksJavaException(m,
        new String(data, StandardCharsets.UTF_8)), "a Java exception leaked: " + m);
  }
}
