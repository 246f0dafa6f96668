package dev.pkixj.verifier.ct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.Der;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChromeLogListTest {
  // Two real P-256 log keys (Google Argon2027h1 and Xenon2027h1, from Chrome's list).
  static final String KEY_A = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKHRm0H/zUaFA6Idz5cGvGO3tCPQyfGMg"
      + "JmVBOPyKAP6mGM1IiNXi4CLomOUyYj0YN74p+eGVApFMsM4h/jzCsA==";
  static final String KEY_B = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/6WcA4VRSljIfTdY48+pFRLLtLrmTb88"
      + "cGDdl8Gv3E2LduG4jgJ3AK5iNMFGhpbRRLi5B3rPlBaXVywuR5IFDg==";

  static String id(String keyB64) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(Base64.getDecoder().decode(keyB64)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String log(String name, String key, String id, String state) {
    return "{\"description\": \"" + name + "\", \"log_id\": \"" + id + "\", \"key\": \"" + key
        + "\", \"url\": \"https://example.com/" + name + "/\", \"mmd\": 86400"
        + (state == null ? "" : ", \"state\": " + state)
        + ", \"temporal_interval\": {\"start_inclusive\": \"2026-01-01T00:00:00Z\","
        + " \"end_exclusive\": \"2027-01-01T00:00:00Z\"}}";
  }

  static String state(String name, String time) {
    return "{\"" + name + "\": {\"timestamp\": \"" + time + "\"}}";
  }

  static String list(String logs, String tiled) {
    return "{\"version\": \"1.2\", \"log_list_timestamp\": \"2026-10-01T12:00:00Z\","
        + " \"operators\": [{\"name\": \"Zero\", \"email\": [\"z@example.com\"], \"logs\": [],"
        + " \"tiled_logs\": []}, {\"name\": \"One\", \"email\": [], \"logs\": [" + logs + "],"
        + " \"tiled_logs\": [" + tiled + "]}]}";
  }

  static CtLogList parse(String json) throws LogListException {
    return ChromeLogList.parse(json.getBytes(StandardCharsets.UTF_8), "list.json");
  }

  static String refused(String json) {
    return assertThrows(LogListException.class, () -> parse(json)).getMessage();
  }

  @Test
  void mapsStatesFormatsOperatorsAndExpiryAsFirefoxDoes() throws Exception {
    String json = list(
        log("usable", KEY_A, id(KEY_A), state("usable", "2025-01-02T03:04:05Z")) + ","
            + log("retired", KEY_B, id(KEY_B), state("retired", "2026-02-28T00:00:00Z")) + ","
            + log("pending", RSA_2048, id(RSA_2048), state("pending", "2026-01-01T00:00:00Z"))
            + "," + log("nostate", RSA_2048_B, id(RSA_2048_B), null),
        log("readonly", RSA_2048_C, id(RSA_2048_C), state("readonly", "2024-05-06T07:08:09Z")));
    ChromeLogList.Parsed p = ChromeLogList.parseDetailed(json.getBytes(StandardCharsets.UTF_8),
        "list.json");
    CtLogList l = p.list();
    assertEquals("1.2", p.version());
    assertEquals(2, p.omitted());
    assertEquals(List.of("usable", "retired", "readonly"),
        l.logs().stream().map(CtLog::name).toList());
    CtLog usable = l.logs().get(0);
    assertEquals(CtLog.State.ADMISSIBLE, usable.state());
    assertEquals(Instant.parse("2025-01-02T03:04:05Z").toEpochMilli(),
        usable.stateTimestampMillis());
    assertEquals(CtLog.Format.RFC6962, usable.format());
    assertEquals("One", usable.operator());
    assertEquals(1, usable.operatorId());
    assertArrayEquals(Base64.getDecoder().decode(KEY_A), usable.spki());
    CtLog retired = l.logs().get(1);
    assertEquals(CtLog.State.RETIRED, retired.state());
    assertEquals(Instant.parse("2026-02-28T00:00:00Z").toEpochMilli(),
        retired.stateTimestampMillis());
    CtLog readonly = l.logs().get(2);
    assertEquals(CtLog.State.ADMISSIBLE, readonly.state());
    assertEquals(CtLog.Format.TILED, readonly.format());
    assertEquals(Instant.parse("2026-10-01T12:00:00Z"), l.timestamp());
    assertEquals(Instant.parse("2026-12-10T12:00:00Z"), l.expiry()); // + 10 weeks
    assertEquals("list.json", l.source());
    assertSame(usable, l.byId(Base64.getDecoder().decode(id(KEY_A))));
    assertNull(l.byId(Base64.getDecoder().decode(id(RSA_2048))));
  }

  @Test
  void qualifiedIsAdmissibleAndRejectedIsLeftOut() throws Exception {
    CtLogList l = parse(list(log("q", KEY_A, id(KEY_A), state("qualified", "2025-01-01T00:00:00Z"))
        + "," + log("r", KEY_B, id(KEY_B), state("rejected", "2025-01-01T00:00:00Z")), ""));
    assertEquals(1, l.logs().size());
    assertEquals(CtLog.State.ADMISSIBLE, l.logs().get(0).state());
  }

  @Test
  void refusesALogWhoseIdIsNotTheHashOfItsKey() {
    String m = refused(list(log("Bad 'Log'", KEY_A, id(KEY_B),
        state("usable", "2025-01-01T00:00:00Z")), ""));
    assertEquals("list.json: log \"Bad 'Log'\" (operators[1].logs[0]): log_id is not SHA-256 of"
        + " its key", m);
  }

  @Test
  void refusesMalformedBase64BadKeysAndDuplicates() {
    String usable = state("usable", "2025-01-01T00:00:00Z");
    assertTrue(refused(list(log("b64", "not*base64", id(KEY_A), usable), ""))
        .endsWith("key is not valid base64"));
    assertTrue(refused(list(log("b64id", KEY_A, "@@", usable), ""))
        .endsWith("log_id is not valid base64"));
    String p384 = Base64.getEncoder().encodeToString(ecSpki(
        new byte[] {0x2b, (byte) 0x81, 0x04, 0x00, 0x22}, 97));
    assertTrue(refused(list(log("p384", p384, id(p384), usable), ""))
        .endsWith("key is an EC key on a curve other than P-256"));
    assertTrue(refused(list(log("rsa1024", RSA_1024, id(RSA_1024), usable), ""))
        .endsWith("key is an RSA key of 1024 bits (at least 2048 needed)"));
    String junk = Base64.getEncoder().encodeToString(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
    assertTrue(refused(list(log("junk", junk, id(junk), usable), ""))
        .endsWith("key is not a DER SubjectPublicKeyInfo"));
    String dup = refused(list(log("first", KEY_A, id(KEY_A), usable),
        log("second", KEY_A, id(KEY_A), usable)));
    assertTrue(dup.contains("\"second\"") && dup.endsWith("same log_id as \"first\""), dup);
  }

  @Test
  void refusesAListWithoutTimestampOrThatIsNotJson() {
    assertEquals("list.json: no log_list_timestamp: not a v3 log list",
        refused("{\"operators\": []}"));
    assertTrue(refused("{\"log_list_timestamp\": \"yesterday\", \"operators\": []}")
        .contains("log_list_timestamp \"yesterday\" is not an RFC 3339 time"));
    assertTrue(refused("{\"log_list_timestamp\": \"+999999-01-01T00:00:00Z\", \"operators\": []}")
        .contains("is out of range"));
    assertTrue(refused("{\"log_list_timestamp\": \"2026-01-01T00:00:00Z\"}")
        .contains("member \"operators\" is missing"));
    assertTrue(refused("[1,]").startsWith("list.json: not a log list: line 1, column 4"));
    assertTrue(refused(list(log("x", KEY_A, id(KEY_A), "{\"usable\": {}}"), ""))
        .contains("member \"timestamp\" is missing"));
    assertTrue(refused(list(log("x", KEY_A, id(KEY_A), "{\"frozen\": {\"timestamp\":"
        + " \"2025-01-01T00:00:00Z\"}}"), "")).endsWith("unknown state \"frozen\""));
  }

  @Test
  void keyChecksAcceptP256AndRsa2048() {
    assertNull(ChromeLogList.keyProblem(Base64.getDecoder().decode(KEY_A)));
    assertNull(ChromeLogList.keyProblem(Base64.getDecoder().decode(RSA_2048)));
    assertNotNull(ChromeLogList.keyProblem(new byte[0]));
    // a compressed point
    byte[] compressed = ecSpki(new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01,
        0x07}, 33);
    compressed[compressed.length - 33] = 0x02;
    assertEquals("is not an uncompressed P-256 point", ChromeLogList.keyProblem(compressed));
  }

  // --- keys built here (structure only; the checks look at structure, not at the numbers) ----

  static byte[] ecSpki(byte[] curveOid, int pointLen) {
    byte[] point = new byte[pointLen];
    point[0] = 0x04;
    for (int i = 1; i < pointLen; i++) {
      point[i] = (byte) (i * 7);
    }
    byte[] bits = new byte[pointLen + 1];
    System.arraycopy(point, 0, bits, 1, pointLen);
    return Der.seq(Der.seq(Der.tlv(Der.OID, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce,
        0x3d, 0x02, 0x01}), Der.tlv(Der.OID, curveOid)), Der.tlv(Der.BIT_STRING, bits));
  }

  static String rsaSpki(int bits, int salt) {
    BigInteger n = BigInteger.ONE.shiftLeft(bits - 1).add(BigInteger.valueOf(salt * 2L + 1));
    byte[] key = Der.seq(Der.integer(n), Der.integer(65537));
    byte[] bitString = new byte[key.length + 1];
    System.arraycopy(key, 0, bitString, 1, key.length);
    byte[] spki = Der.seq(Der.seq(Der.tlv(Der.OID, HexFormat.of().parseHex("2a864886f70d010101")),
        Der.tlv(Der.NULL)), Der.tlv(Der.BIT_STRING, bitString));
    return Base64.getEncoder().encodeToString(spki);
  }

  static final String RSA_2048 = rsaSpki(2048, 1);
  static final String RSA_2048_B = rsaSpki(2048, 2);
  static final String RSA_2048_C = rsaSpki(2048, 3);
  static final String RSA_1024 = rsaSpki(1024, 1);
}
