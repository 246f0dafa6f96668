package dev.pkixj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FastTimeTest {
  @Test
  void fastPathAgreesWithTheGeneralParser() {
    for (String t : new String[] {"2026-06-01T00:00:00Z", "1999-12-31T23:59:59Z",
        "2024-02-29T12:34:56.789Z", "2026-06-01T02:00:00+02:00", "2026-05-31T19:30:00-04:30",
        "1970-01-01T00:00:00Z", "2100-03-01T00:00:00Z", "1960-07-04T10:00:00Z"}) {
      byte[] b = t.getBytes(StandardCharsets.US_ASCII);
      long fast = FastTime.tryParse(b, 0, b.length);
      assertEquals(FastTime.instant(t).getEpochSecond(), fast, t);
      assertEquals(fast, FastTime.parse(t), t);
    }
  }

  @Test
  void otherFormsGoThroughTheGeneralParser() {
    for (String t : new String[] {"2026-06-01", "1780272000", "2026-06-01t00:00:00z",
        "2026-06-01T00:00Z"}) {
      byte[] b = t.getBytes(StandardCharsets.US_ASCII);
      assertEquals(FastTime.DECLINED, FastTime.tryParse(b, 0, b.length), t);
      assertEquals(FastTime.instant(t).getEpochSecond(), FastTime.parse(t), t);
    }
  }

  @Test
  void invalidTimesAreRefused() {
    for (String t : new String[] {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-06-01T24:00:00Z", "2026-06-01T00:00:60Z", "yesterday", ""}) {
      byte[] b = t.getBytes(StandardCharsets.US_ASCII);
      assertEquals(FastTime.DECLINED, FastTime.tryParse(b, 0, b.length), t);
      assertThrows(IllegalArgumentException.class, () -> FastTime.parse(t), t);
    }
  }
}
