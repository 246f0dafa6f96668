package dev.pkixj.truststore.onecrl;

import static dev.pkixj.truststore.onecrl.OneCrlTest.LEAF;
import static dev.pkixj.truststore.onecrl.OneCrlTest.HIGH_SERIAL;
import static dev.pkixj.truststore.onecrl.OneCrlTest.padded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.remotesettings.Changeset;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneCrlParserTest {
  static final String SRC = "test.json";
  static final Base64.Encoder B64 = Base64.getEncoder();
  static final String ISSUER = B64.encodeToString(LEAF.issuerDer());
  static final String SERIAL = B64.encodeToString(padded(HIGH_SERIAL));
  static final String SUBJECT = B64.encodeToString(LEAF.subjectDer());
  static final String HASH = B64.encodeToString(OneCrl.pubKeyHash(LEAF.spkiDer()));

  @TempDir
  Path tmp;

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String isRecord(String id, String issuer, String serial) {
    return "{\"id\":\"" + id + "\",\"last_modified\":100,\"issuerName\":\"" + issuer
        + "\",\"serialNumber\":\"" + serial + "\",\"enabled\":true,\"schema\":1,"
        + "\"details\":{\"bug\":\"b\",\"who\":\"w\",\"why\":\"y\",\"name\":\"n\","
        + "\"created\":\"c\"}}";
  }

  static String skRecord(String id, String subject, String hash) {
    return "{\"id\":\"" + id + "\",\"last_modified\":200,\"subject\":\"" + subject
        + "\",\"pubKeyHash\":\"" + hash + "\"}";
  }

  static OneCrlParser.Parsed parse(String json) throws OneCrlException {
    return OneCrlParser.parse(utf8(json), SRC);
  }

  static String refused(String json) {
    return assertThrows(OneCrlException.class, () -> parse(json)).getMessage();
  }

  static void assertMatchesLeaf(OneCrl crl, String id) {
    assertEquals(id, crl.match(OneCrlTest.parse(LEAF)).id());
  }

  // --- shapes --------------------------------------------------------------------------------

  @Test
  void changesetShape() throws Exception {
    OneCrlParser.Parsed p = parse("{\"metadata\":{\"signature\":{\"x5u\":\"https://x\","
        + "\"signature\":\"abc\"}},\"timestamp\":1700000000000,\"changes\":["
        + isRecord("a", ISSUER, SERIAL) + "," + skRecord("b", SUBJECT, HASH) + "]}");
    assertEquals(OneCrlParser.Shape.CHANGESET, p.shape());
    assertEquals(OptionalLong.of(1700000000000L), p.timestamp());
    assertEquals(2, p.entries().size());
    assertEquals(List.of(), p.warnings());
    OneCrl.Entry a = p.entries().get(0);
    assertEquals(OneCrl.Kind.ISSUER_SERIAL, a.kind());
    assertEquals(100, a.lastModified());
    assertEquals(new OneCrl.Details("b", "w", "y", "n", "c"), a.details());
    assertArrayEquals(LEAF.issuerDer(), a.name());
    assertArrayEquals(padded(HIGH_SERIAL), a.value());
    assertEquals(OneCrl.Kind.SUBJECT_KEY, p.entries().get(1).kind());
    assertMatchesLeaf(p.oneCrl(), "a");
    assertMatchesLeaf(OneCrl.of(List.of(p.entries().get(1))), "b");
  }

  @Test
  void recordsShapeWithAndWithoutTimestamp() throws Exception {
    OneCrlParser.Parsed dump = parse("{\"data\":[" + isRecord("a", ISSUER, SERIAL)
        + "],\"timestamp\":42}");
    assertEquals(OneCrlParser.Shape.RECORDS, dump.shape());
    assertEquals(OptionalLong.of(42), dump.timestamp());
    OneCrlParser.Parsed records = parse("{\"data\":[" + skRecord("b", SUBJECT, HASH) + "]}");
    assertEquals(OneCrlParser.Shape.RECORDS, records.shape());
    assertEquals(OptionalLong.empty(), records.timestamp());
    assertMatchesLeaf(records.oneCrl(), "b");
  }

  @Test
  void bareArray() throws Exception {
    OneCrlParser.Parsed p = parse("[" + isRecord("a", ISSUER, SERIAL) + "]");
    assertEquals(OneCrlParser.Shape.ARRAY, p.shape());
    assertEquals(OptionalLong.empty(), p.timestamp());
    assertMatchesLeaf(p.oneCrl(), "a");
    assertEquals(1, p.records().size());
    assertEquals(Boolean.TRUE, p.records().get(0).enabled());
  }

  @Test
  void aRemoteSettingsChangeset() throws Exception {
    String json = "{\"metadata\":{},\"timestamp\":77,\"changes\":[" + isRecord("a", ISSUER,
        SERIAL) + ",{\"id\":\"gone\",\"last_modified\":90,\"deleted\":true}]}";
    Changeset cs = RemoteSettingsClient.parseChangeset(utf8(json), "https://rs.test/changeset");
    OneCrlParser.Parsed p = OneCrlParser.fromChangeset(cs);
    assertEquals("https://rs.test/changeset", p.source());
    assertEquals(OptionalLong.of(77), p.timestamp());
    assertEquals(List.of("gone"), p.deleted());
    assertMatchesLeaf(p.oneCrl(), "a");
  }

  @Test
  void tombstonesAreDeletions() throws Exception {
    OneCrlParser.Parsed p = parse("{\"timestamp\":5,\"changes\":[{\"id\":\"x\","
        + "\"last_modified\":4,\"deleted\":true}," + isRecord("a", ISSUER, SERIAL) + "]}");
    assertEquals(List.of("x"), p.deleted());
    assertEquals(1, p.entries().size());
    assertEquals(List.of(), p.warnings());
  }

  @Test
  void enabledFalseIsAppliedAsFirefoxDoes() throws Exception {
    OneCrlParser.Parsed p = parse("[" + isRecord("a", ISSUER, SERIAL)
        .replace("\"enabled\":true", "\"enabled\":false") + "]");
    assertEquals(Boolean.FALSE, p.records().get(0).enabled());
    assertMatchesLeaf(p.oneCrl(), "a");
  }

  // --- Firefox's choice of form and its base64 --------------------------------------------------

  @Test
  void issuerAndSerialWinWhenBothFormsArePresent() throws Exception {
    String both = "{\"id\":\"both\",\"issuerName\":\"" + ISSUER + "\",\"serialNumber\":\""
        + SERIAL + "\",\"subject\":\"" + SUBJECT + "\",\"pubKeyHash\":\"" + HASH + "\"}";
    assertEquals(OneCrl.Kind.ISSUER_SERIAL, parse("[" + both + "]").entries().get(0).kind());
  }

  @Test
  void emptyStringsCountAsAbsentAsInJavaScript() throws Exception {
    String r = "{\"id\":\"e\",\"issuerName\":\"\",\"serialNumber\":\"" + SERIAL
        + "\",\"subject\":\"" + SUBJECT + "\",\"pubKeyHash\":\"" + HASH + "\"}";
    assertEquals(OneCrl.Kind.SUBJECT_KEY, parse("[" + r + "]").entries().get(0).kind());
  }

  @Test
  void aRecordWithNoFormIsIgnoredWithAWarning() throws Exception {
    OneCrlParser.Parsed p = parse("[{\"id\":\"lonely\",\"issuerName\":\"" + ISSUER
        + "\",\"pubKeyHash\":\"" + HASH + "\"}," + isRecord("a", ISSUER, SERIAL) + "]");
    assertEquals(List.of("lonely"), p.ignored());
    assertEquals(1, p.entries().size());
    assertEquals(1, p.warnings().size());
    assertTrue(p.warnings().get(0).startsWith(SRC + ": record lonely: has neither"),
        p.warnings().get(0));
  }

  @Test
  void badBase64SkipsTheRecordWithAWarningNamingItAndTheField() throws Exception {
    String[][] cases = {
      {"issuerName", "MDsx!!!=", "outside the base64 alphabet"},
      {"serialNumber", "LO0aXgKAW7xd34o67KqYWg", "not a multiple of 4"}, // padding left out
      {"serialNumber", "LO0aXgKAW7xd34o67KqYWh==", "non-zero bits"}, // not canonical
      {"serialNumber", "AP1B3X_-", "base64url"},
      {"serialNumber", "AP1=B3X=", "'=' before the end"},
    };
    for (String[] c : cases) {
      String rec = c[0].equals("issuerName") ? isRecord("r1", c[1], SERIAL)
          : isRecord("r1", ISSUER, c[1]);
      OneCrlParser.Parsed p = parse("[" + rec + "," + isRecord("ok", ISSUER, SERIAL) + "]");
      assertEquals(List.of("r1"), p.ignored(), c[1]);
      assertEquals(1, p.entries().size(), c[1]);
      assertEquals(1, p.warnings().size(), c[1]);
      String w = p.warnings().get(0);
      assertTrue(w.startsWith(SRC + ": record r1: " + c[0] + " is not standard base64"), w);
      assertTrue(w.contains(c[2]), w);
    }
  }

  @Test
  void aBadPartOfTheChosenFormDoesNotFallBackToTheOther() throws Exception {
    String r = "{\"id\":\"r\",\"issuerName\":\"" + ISSUER + "\",\"serialNumber\":\"@@@@\","
        + "\"subject\":\"" + SUBJECT + "\",\"pubKeyHash\":\"" + HASH + "\"}";
    OneCrlParser.Parsed p = parse("[" + r + "]");
    assertTrue(p.oneCrl().isEmpty());
    assertEquals(List.of("r"), p.ignored());
  }

  @Test
  void aKeyHashThatIsNotSha256IsSkipped() throws Exception {
    OneCrlParser.Parsed p = parse("[" + skRecord("short", SUBJECT,
        B64.encodeToString(new byte[20])) + "]");
    assertEquals(List.of("short"), p.ignored());
    assertTrue(p.warnings().get(0).contains("not a SHA-256"), p.warnings().get(0));
  }

  @Test
  void base64DecoderAgreesWithTheJdkOnCanonicalInput() {
    java.util.Random rnd = new java.util.Random(7);
    for (int n = 0; n < 70; n++) {
      byte[] b = new byte[n];
      rnd.nextBytes(b);
      String s = B64.encodeToString(b);
      assertNull(OneCrlParser.Base64Strict.problem(s), s);
      assertArrayEquals(b, OneCrlParser.Base64Strict.decode(s), s);
    }
  }

  // --- hostile input ---------------------------------------------------------------------------

  @Test
  void truncatedInputIsNotJson() {
    String whole = "{\"data\":[" + isRecord("a", ISSUER, SERIAL) + "]}";
    for (int cut : new int[] {1, 10, whole.length() / 2, whole.length() - 1}) {
      String m = refused(whole.substring(0, cut));
      assertTrue(m.startsWith(SRC + ": not JSON: line 1, column "), m);
    }
    assertTrue(refused("").startsWith(SRC + ": not JSON: "));
  }

  @Test
  void aFileOfFiftyMegabytesIsRefusedUnread() throws Exception {
    Path big = tmp.resolve("big.json");
    try (OutputStream out = Files.newOutputStream(big)) {
      byte[] chunk = new byte[1 << 20];
      java.util.Arrays.fill(chunk, (byte) ' ');
      out.write('[');
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
      out.write(']');
    }
    OneCrlException e = assertThrows(OneCrlException.class, () -> OneCrlParser.read(big));
    assertEquals(big + ": larger than " + OneCrlParser.MAX_BYTES + " bytes: not a OneCRL file",
        e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    Path none = tmp.resolve("none.json");
    assertEquals(none + ": no such file",
        assertThrows(OneCrlException.class, () -> OneCrlParser.read(none)).getMessage());
  }

  @Test
  void wrongTypesAreNamedByRecordAndMember() {
    String ok = isRecord("a", ISSUER, SERIAL);
    assertEquals(SRC + ": record a (data[0]): issuerName: expected a string, found a number",
        refused("{\"data\":[" + ok.replace("\"" + ISSUER + "\"", "12") + "]}"));
    assertEquals(SRC + ": record a (changes[0]): last_modified: expected a number, found a"
        + " string", refused("{\"timestamp\":1,\"changes\":["
        + ok.replace("100", "\"100\"") + "]}"));
    assertEquals(SRC + ": record a ([0]): details.bug: expected a string, found an array",
        refused("[" + ok.replace("\"bug\":\"b\"", "\"bug\":[]") + "]"));
    assertEquals(SRC + ": record a ([0]): details: expected an object, found a string",
        refused("[{\"id\":\"a\",\"details\":\"x\"}]"));
    assertEquals(SRC + ": record a ([0]): enabled: expected a boolean, found a string",
        refused("[" + ok.replace("\"enabled\":true", "\"enabled\":\"yes\"") + "]"));
    assertEquals(SRC + ": record a ([0]): deleted: expected a boolean, found a number",
        refused("[{\"id\":\"a\",\"deleted\":1}]"));
    assertEquals(SRC + ": data[1]: expected a record (an object), found a string",
        refused("{\"data\":[" + ok + ",\"x\"]}"));
    assertEquals(SRC + ": [0].id: expected a string, found a number",
        refused("[{\"id\":5}]"));
    assertEquals(SRC + ": [0]: a record without \"id\"", refused("[{\"issuerName\":\"x\"}]"));
    assertEquals(SRC + ": data: expected an array, found an object",
        refused("{\"data\":{}}"));
    assertEquals(SRC + ": timestamp: expected a number, found a string",
        refused("{\"timestamp\":\"1\",\"changes\":[]}"));
    assertEquals(SRC + ": member \"timestamp\" is missing", refused("{\"changes\":[]}"));
    assertTrue(refused("{\"records\":[]}").contains("neither \"changes\""));
    assertEquals(SRC + ": expected an object or an array of records at the top level, found a"
        + " string", refused("\"onecrl\""));
  }

  @Test
  void deepNestingIsRefused() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    String m = refused(deep);
    assertTrue(m.startsWith(SRC + ": not JSON: ") && m.contains("nesting deeper than 32"), m);
    String inRecord = "[{\"id\":\"a\",\"details\":" + "[".repeat(40) + "]".repeat(40) + "}]";
    assertTrue(refused(inRecord).contains("nesting deeper than 32"));
  }

  @Test
  void tooManyRecordsAreRefused() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i <= OneCrlParser.MAX_RECORDS; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"id\":\"r").append(i).append("\"}");
    }
    sb.append(']');
    assertEquals(SRC + ": " + (OneCrlParser.MAX_RECORDS + 1) + " records, more than "
        + OneCrlParser.MAX_RECORDS, refused(sb.toString()));
  }

  @Test
  void absurdlyLongMembersAreRefused() {
    String longName = "A".repeat(OneCrlParser.MAX_NAME_CHARS + 4);
    assertEquals(SRC + ": record a ([0]): issuerName: " + longName.length() + " characters,"
        + " more than " + OneCrlParser.MAX_NAME_CHARS,
        refused("[" + isRecord("a", longName, SERIAL) + "]"));
    String longSerial = "A".repeat(4000);
    assertTrue(refused("[" + isRecord("a", ISSUER, longSerial) + "]")
        .contains("serialNumber: 4000 characters, more than"));
    assertTrue(refused("[{\"id\":\"" + "x".repeat(300) + "\"}]").contains(".id: not a record id"));
  }

  @Test
  void duplicateIdsAreRefused() {
    assertEquals(SRC + ": record a: the id appears twice", refused("[" + isRecord("a", ISSUER,
        SERIAL) + "," + skRecord("a", SUBJECT, HASH) + "]"));
  }

  @Test
  void otherCollectionsAreRecognised() {
    assertTrue(refused("{\"data\":[{\"id\":\"i\",\"derHash\":\"x\",\"subject\":\"CN=A\","
        + "\"pubKeyHash\":\"" + HASH + "\"}]}").contains("security-state/intermediates"));
    assertTrue(refused("{\"metadata\":{},\"timestamp\":3,\"changes\":[{\"id\":\"m\","
        + "\"last_modified\":3,\"bucket\":\"security-state\",\"collection\":\"onecrl\","
        + "\"host\":\"h\"}]}").contains("monitor/changes"));
  }

  // --- Firefox's own data ----------------------------------------------------------------------

  @Test
  void anExcerptOfFirefoxsDumpParses() throws Exception {
    byte[] b;
    try (InputStream in = getClass().getResourceAsStream("/onecrl/firefox-onecrl-excerpt.json")) {
      b = in.readAllBytes();
    }
    OneCrlParser.Parsed p = OneCrlParser.parse(b, "firefox-onecrl-excerpt.json");
    assertEquals(OneCrlParser.Shape.RECORDS, p.shape());
    assertEquals(OptionalLong.of(1791573428759L), p.timestamp());
    assertEquals(List.of(), p.warnings());
    assertEquals(5, p.entries().size());
    String[] expected = {"OU=AC RAIZ FNMT-RCM", "CN=CFCA Global RSA ROOT G2",
        "CN=Sectigo Public Server Authentication Root E46", "CN=Baltimore CyberTrust Root",
        "CN=Fraunhofer Root CA 2007"};
    for (int i = 0; i < 5; i++) {
      OneCrl.Entry e = p.entries().get(i);
      assertEquals(OneCrl.Kind.ISSUER_SERIAL, e.kind());
      String dn = new X500Principal(e.name()).getName(X500Principal.RFC2253);
      assertTrue(dn.contains(expected[i]), dn);
      assertArrayEquals(e.name(), new X500Principal(e.name()).getEncoded(), "DER as given");
    }
    OneCrl.Entry sectigo = p.entries().get(2);
    assertEquals(17, sectigo.value().length);
    assertEquals(0, sectigo.value()[0], "the 0x00 pad is kept");
    assertEquals("637d67cd-89bf-4c25-90cd-ee7be62a591d", sectigo.id());
    assertEquals(Boolean.FALSE, p.records().get(2).enabled());
    OneCrl.Entry baltimore = p.entries().get(3);
    assertEquals("Revoked intermediates", baltimore.details().name());
    assertEquals("2016-10-27T17:52:11Z", baltimore.details().created());
    assertEquals(1480349158772L, baltimore.lastModified());
    assertFalse(p.oneCrl().isRevoked(OneCrlTest.parse(LEAF)));
  }
}
