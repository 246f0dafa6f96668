package dev.pkixj.verifier.ct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The build-time check of the embedded log list: it loads, every log id is SHA-256 of its key,
 * and the logs, states and operators counted straight from the JSON are the ones loaded.
 */
class KnownLogsTest {
  @Test
  void theEmbeddedListIsSoundAndComplete() throws Exception {
    byte[] raw;
    try (InputStream in = KnownLogs.class.getResourceAsStream(KnownLogs.RESOURCE)) {
      raw = in.readAllBytes();
    }
    JsonObject top = JsonReader.parseObject(raw);
    int admissible = 0;
    int retired = 0;
    int tiled = 0;
    Set<String> ids = new HashSet<>();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    List<JsonObject> operators = top.objects("operators", true);
    for (JsonObject op : operators) {
      for (String member : new String[] {"logs", "tiled_logs"}) {
        for (JsonObject log : op.objects(member, false)) {
          byte[] key = Base64.getDecoder().decode(log.string("key"));
          String id = log.string("log_id");
          assertEquals(Base64.getEncoder().encodeToString(sha256.digest(key)), id,
              log.string("description"));
          assertTrue(ids.add(id), "duplicate id " + id);
          String state = log.object("state").names().iterator().next();
          if (state.equals("retired")) {
            retired++;
          } else if (List.of("usable", "qualified", "readonly").contains(state)) {
            admissible++;
          }
          if (member.equals("tiled_logs")) {
            tiled++;
          }
        }
      }
    }
    CtLogList list = KnownLogs.embedded();
    assertSame(list, KnownLogs.embedded());
    assertEquals("embedded", list.source());
    // Firefox's CTKnownLogs.h @ 16b5853d: 69 production logs, 66 admissible, 3 retired, 43
    // tiled, 10 operators (docs/ct.md, "Log list").
    assertEquals(66, admissible);
    assertEquals(3, retired);
    assertEquals(43, tiled);
    assertEquals(10, operators.size());
    assertEquals(admissible + retired, list.logs().size());
    assertEquals(admissible, list.logs().stream()
        .filter(l -> l.state() == CtLog.State.ADMISSIBLE).count());
    assertEquals(tiled, list.logs().stream()
        .filter(l -> l.format() == CtLog.Format.TILED).count());
    assertEquals(operators.size(), list.operators().size());
    for (CtLog l : list.logs()) {
      assertArrayEquals(sha256.digest(l.spki()), l.logId(), l.name());
      assertSame(l, list.byId(l.logId()));
      assertEquals(list.operators().indexOf(l.operator()), l.operatorId(), l.name());
    }
    assertEquals(Instant.parse(top.string("log_list_timestamp")), list.timestamp());
    assertEquals(Instant.parse("2026-12-20T20:06:23Z"), list.expiry()); // kCTExpirationTime
  }
}
