package dev.pkixj.truststore.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.truststore.crlite.Clubcard;
import dev.pkixj.truststore.crlite.ClubcardException;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.crlite.CrliteStatus;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target for the CRLite filter reader (docs/crlite.md, docs/limits.md "CRLite filters").
 * Rule: a file either reads or is refused with a {@link ClubcardException} whose one-line message
 * names the file, never another exception; a filter that reads answers queries without throwing,
 * for its own issuers and log ids as well as unknown ones.
 */
class ClubcardFuzzTest {
  private static final String NAME = "fuzz.filter";

  @FuzzTest
  void clubcard(byte[] data) {
    Clubcard c;
    try {
      c = Clubcard.parse(data, NAME);
    } catch (ClubcardException e) {
      String m = e.getMessage();
      ImporterFuzzTest.require(m.startsWith(NAME + ": ") && m.length() > NAME.length() + 2,
          "message does not name the file: " + m);
      ImporterFuzzTest.require(m.indexOf('\n') < 0, "message of several lines: " + m);
      ImporterFuzzTest.require(!ImporterFuzzTest.leaksJavaException(m,
          new String(data, StandardCharsets.ISO_8859_1)), "a Java exception leaked: " + m);
      return;
    }
    ImporterFuzzTest.require(c.version() == 3 || c.version() == 4, "version " + c.version());
    ImporterFuzzTest.require(c.blockCount() <= data.length / 32, "more blocks than bytes");
    // Queries: the file's first 32-byte window as issuer, each covered log at both ends.
    byte[] issuer = Arrays.copyOf(data, 32);
    byte[][] serials = {new byte[0], {0}, Arrays.copyOfRange(data, 0, Math.min(data.length, 21))};
    int logs = Math.min(c.coverageCount(), 4);
    byte[] logIds = new byte[32 * (logs + 1)];
    long[] times = new long[logs + 1];
    for (int i = 0; i < logs; i++) {
      System.arraycopy(c.coverageLogId(i), 0, logIds, 32 * i, 32);
      times[i] = (i & 1) == 0 ? c.coverageLow(i) : c.coverageHigh(i);
    }
    for (byte[] serial : serials) {
      for (int n = 0; n <= logs + 1; n++) {
        CrliteStatus s = c.query(issuer, serial, logIds, times, n, 1);
        ImporterFuzzTest.require(s != CrliteStatus.NO_FILTER, "NO_FILTER from a clubcard");
        ImporterFuzzTest.require(n > 0 || s == CrliteStatus.NOT_COVERED, "covered by nothing");
      }
    }
    CrliteStatus all = CrliteFilters.of(c, List.of(c), 0).query(issuer, serials[1], logIds,
        times, 1000);
    ImporterFuzzTest.require(all != CrliteStatus.NO_FILTER, "fresh filters said NO_FILTER");
  }
}
