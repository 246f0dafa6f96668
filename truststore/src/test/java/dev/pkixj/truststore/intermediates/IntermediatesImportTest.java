package dev.pkixj.truststore.intermediates;

import static dev.pkixj.truststore.intermediates.Fixtures.CA1;
import static dev.pkixj.truststore.intermediates.Fixtures.CA2;
import static dev.pkixj.truststore.intermediates.Fixtures.CA3;
import static dev.pkixj.truststore.intermediates.Fixtures.LEAF;
import static dev.pkixj.truststore.intermediates.Fixtures.ROOT;
import static dev.pkixj.truststore.intermediates.Fixtures.collection;
import static dev.pkixj.truststore.intermediates.Fixtures.derHash;
import static dev.pkixj.truststore.intermediates.Fixtures.pem;
import static dev.pkixj.truststore.intermediates.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import dev.pkixj.truststore.remotesettings.RsRecord;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntermediatesImportTest {
  private static final Pattern JAVA_NAME = Pattern.compile(
      "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b|\\tat ");

  @TempDir
  Path dir;

  /** Imports {@code content} as a file of that name in the temporary directory: must fail. */
  private String refused(String name, byte[] content) throws Exception {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.write(f, content);
    IntermediatesException e = assertThrows(IntermediatesException.class,
        () -> IntermediatesImport.readFile(f));
    String m = e.getMessage();
    assertTrue(m.startsWith(f.toString() + ": "), "names the file: " + m);
    assertFalse(m.contains("\n"), "one line: " + m);
    assertFalse(JAVA_NAME.matcher(m).find(), "no Java exception names: " + m);
    return m;
  }

  private static void assertContains(String expected, String message) {
    assertTrue(message.contains(expected), "'" + expected + "' expected in: " + message);
  }

  @Test
  void pemBundlesAndDerFiles() throws Exception {
    Path bundle = dir.resolve("bundle.pem");
    Files.write(bundle, pem(CA1, CA2));
    IntermediatesImport.Parsed p = IntermediatesImport.readFile(bundle);
    assertEquals(2, p.entries().size());
    assertArrayEquals(CA1.der(), p.entries().get(0).cert().der());
    assertArrayEquals(CA2.der(), p.entries().get(1).cert().der());
    assertEquals("", p.entries().get(0).recordId());
    assertEquals(bundle.toString(), p.entries().get(0).origin());
    assertEquals(derHash(CA1.der()), p.entries().get(0).derHash());
    assertTrue(p.warnings().isEmpty(), p.warnings().toString());

    Path der = dir.resolve("ca3.der");
    Files.write(der, CA3.der());
    p = IntermediatesImport.readFile(der);
    assertEquals(1, p.entries().size());
    assertArrayEquals(CA3.der(), p.entries().get(0).cert().der());

    // The same certificate twice in one file is kept once.
    Files.write(bundle, pem(CA1, CA1));
    assertEquals(1, IntermediatesImport.readFile(bundle).entries().size());
  }

  @Test
  void nonCaAndSelfSignedCertificatesAreKeptWithAWarning() throws Exception {
    Path f = dir.resolve("odd.pem");
    Files.write(f, pem(LEAF, ROOT));
    IntermediatesImport.Parsed p = IntermediatesImport.readFile(f);
    assertEquals(2, p.entries().size());
    assertEquals(2, p.warnings().size(), p.warnings().toString());
    assertContains("not a CA certificate", p.warnings().get(0));
    assertContains("leaf.intermediates.test", p.warnings().get(0));
    assertContains("self-signed", p.warnings().get(1));
    assertTrue(p.warnings().get(1).startsWith(f + ": line "), p.warnings().get(1));
  }

  @Test
  void badPemAndDerFilesAreRefused() throws Exception {
    assertContains("neither PEM", refused("garbage.pem", "hello".getBytes(StandardCharsets.UTF_8)));
    String ca1 = new String(pem(CA1), StandardCharsets.US_ASCII);
    assertContains("truncated PEM block", refused("truncated.pem",
        ca1.substring(0, ca1.indexOf("-----END")).getBytes(StandardCharsets.US_ASCII)));
    assertContains("line 1: not a certificate", refused("junk.pem",
        "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n"
            .getBytes(StandardCharsets.US_ASCII)));
    assertContains("no certificate", refused("key.pem",
        "-----BEGIN PRIVATE KEY-----\nMAMCAQE=\n-----END PRIVATE KEY-----\n"
            .getBytes(StandardCharsets.US_ASCII)));
    assertContains("not a complete DER", refused("cut.der",
        Arrays.copyOf(CA1.der(), CA1.der().length - 10)));
    // The second certificate of a bundle is bad: nothing of the bundle is used.
    byte[] two = (ca1 + "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
        .getBytes(StandardCharsets.US_ASCII);
    assertContains("malformed base64", refused("second-bad.pem", two));
    IntermediatesException e = assertThrows(IntermediatesException.class,
        () -> IntermediatesImport.readFile(dir.resolve("absent.pem")));
    assertEquals(dir.resolve("absent.pem") + ": no such file", e.getMessage());
    e = assertThrows(IntermediatesException.class, () -> IntermediatesImport.readFile(dir));
    assertContains("is a directory", e.getMessage());
  }

  @Test
  void collectionJsonWithAttachmentsBesideIt() throws Exception {
    String r1 = record("rec-1", 1000, CA1);
    // CA2's attachment is found by its filename (its location is not there).
    String r2 = record("rec-2", 2000, CA2);
    String tomb = "{\"id\":\"rec-3\",\"last_modified\":3000,\"deleted\":true}";
    Path json = dir.resolve("intermediates.json");
    Files.write(json, collection(4242, r1, r2, tomb));
    Path loc = dir.resolve("security-state-staging/intermediates/rec-1.pem");
    Files.createDirectories(loc.getParent());
    Files.write(loc, pem(CA1));
    Files.write(dir.resolve("rec-2-by-name.pem"), pem(CA2));

    IntermediatesImport.Parsed p = IntermediatesImport.readFile(json);
    assertEquals(4242, p.collectionTimestamp());
    assertEquals(2, p.entries().size());
    PreloadedIntermediates.Entry e1 = p.entries().get(0);
    assertArrayEquals(CA1.der(), e1.cert().der());
    assertEquals("rec-1", e1.recordId());
    assertEquals(1000, e1.lastModified());
    assertEquals(json + " record rec-1", e1.origin());
    assertEquals("rec-2", p.entries().get(1).recordId());

    // A changeset's "changes" is read the same way.
    Path cs = dir.resolve("changeset.json");
    Files.writeString(cs, "{\"metadata\":{},\"timestamp\":7,\"changes\":[" + r1 + "]}");
    assertEquals(1, IntermediatesImport.readFile(cs).entries().size());
  }

  @Test
  void hostileCollectionsAreRefusedNamingTheRecord() throws Exception {
    Path loc = dir.resolve("security-state-staging/intermediates/r.pem");
    Files.createDirectories(loc.getParent());
    Files.write(loc, pem(CA1));
    String location = "security-state-staging/intermediates/r.pem";

    String m = refused("wrong-derhash.json", collection(1,
        record("r", 1, derHash(CA2.der()), pem(CA1), location, "x.pem")));
    assertContains("data[0] (record r): the certificate's SHA-256", m);
    assertContains("differs from derHash " + derHash(CA2.der()), m);

    byte[] changed = pem(CA1);
    changed[40] ^= 1;
    m = refused("wrong-hash.json", collection(1,
        record("r", 1, derHash(CA1.der()), changed, location, "x.pem")));
    assertContains("(record r): attachment " + loc + ": SHA-256", m);

    byte[] longer = Arrays.copyOf(pem(CA1), pem(CA1).length + 1);
    m = refused("wrong-size.json", collection(1,
        record("r", 1, derHash(CA1.der()), longer, location, "x.pem")));
    assertContains("bytes, the record gives " + longer.length, m);

    m = refused("missing.json", collection(1, record("gone", 1, CA1)));
    assertContains("(record gone): attachment not found", m);

    String good = record("r", 1, derHash(CA1.der()), pem(CA1), location, "x.pem");
    assertContains("data[0].derHash: expected a string, found a number", refused("types1.json",
        collection(1, good.replace("\"derHash\":\"" + derHash(CA1.der()) + "\"",
            "\"derHash\":5"))));
    assertContains("data[0].attachment: expected an object, found a string",
        refused("types2.json", collection(1, "{\"id\":\"r\",\"last_modified\":1,"
            + "\"derHash\":\"x\",\"attachment\":\"r.pem\"}")));
    assertContains("data: expected an array", refused("types3.json",
        "{\"data\":{}}".getBytes(StandardCharsets.UTF_8)));
    assertContains("data[1]: expected an object, found a number", refused("types4.json",
        ("{\"data\":[" + good + ",5]}").getBytes(StandardCharsets.UTF_8)));
    assertContains("last_modified: expected a number", refused("types5.json", collection(1,
        good.replace("\"last_modified\":1", "\"last_modified\":\"1\""))));
    assertContains("neither \"data\"", refused("empty-object.json",
        "{}".getBytes(StandardCharsets.UTF_8)));
    byte[] whole = collection(1, good);
    assertContains("not a JSON object", refused("truncated.json",
        Arrays.copyOf(whole, whole.length / 2)));
    assertContains("is not a record id", refused("bad-id.json",
        collection(1, good.replace("\"id\":\"r\"", "\"id\":\"../r\""))));
    assertContains("a second record with this id", refused("dup.json", collection(1, good, good)));
    assertContains("derHash is not base64", refused("b64.json", collection(1,
        record("r", 1, "***", pem(CA1), location, "x.pem"))));
    assertContains("derHash is not a SHA-256", refused("short.json", collection(1,
        record("r", 1, "AAAA", pem(CA1), location, "x.pem"))));
    assertContains("the record has no attachment", refused("noatt.json", collection(1,
        "{\"id\":\"r\",\"last_modified\":1,\"derHash\":\"" + derHash(CA1.der()) + "\"}")));
    assertContains("are not relative paths", refused("traversal.json", collection(1,
        record("r", 1, derHash(CA1.der()), pem(CA1), "../r.pem", "a/b.pem"))));
    assertContains("no records", refused("none.json", collection(1)));
    // Huge: an attachment said to be, or found to be, past the bound is never read whole.
    assertContains("the attachment's size 1099511627776 is larger than the limit of 1048576",
        refused("huge1.json", collection(1, good.replace("\"size\":" + pem(CA1).length,
            "\"size\":1099511627776"))));
    Path big = dir.resolve("big.pem");
    Files.write(big, new byte[(1 << 20) + 1]);
    assertContains("attachment " + big + ": 1048577 bytes, larger than the limit of 1048576",
        refused("huge2.json", collection(1,
            record("r", 1, derHash(CA1.der()), pem(CA1), "big.pem", "x.pem"))));

    Path two = dir.resolve("two.pem");
    Files.write(two, pem(CA1, CA2));
    assertContains("more than one certificate", refused("two.json", collection(1,
        record("r", 1, derHash(CA1.der()), pem(CA1, CA2), "two.pem", "x.pem"))));
    Path junk = dir.resolve("junk.pem");
    byte[] junkBytes = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n"
        .getBytes(StandardCharsets.US_ASCII);
    Files.write(junk, junkBytes);
    assertContains("(record r): not a certificate", refused("junk.json", collection(1,
        record("r", 1, derHash(CA1.der()), junkBytes, "junk.pem", "x.pem"))));
  }

  @Test
  void realRecordsOfFirefoxsDumpParse() throws Exception {
    byte[] json;
    try (InputStream in = getClass().getResourceAsStream("firefox-intermediates-excerpt.json")) {
      json = in.readAllBytes();
    }
    JsonObject top = JsonReader.parseObject(json);
    List<JsonObject> data = top.objects("data", true);
    assertEquals(4, data.size());
    RsRecord first = IntermediatesImport.record(data.get(0), "excerpt");
    assertEquals("17a767d6-253b-4f84-b9c0-0b364a08af15", first.id());
    assertEquals(1791557822503L, first.lastModified());
    assertEquals(2341, first.attachment().get().size());
    assertEquals("0104e1436861bf0921a4d28fd4adb012d76b64a63ded1817b957f05744fd0b01",
        first.attachment().get().sha256Hex());
    RsRecord old = IntermediatesImport.record(data.get(3), "excerpt");
    assertEquals("30f7ecb1-568f-400d-8562-fef6ac31428f", old.id());
    assertEquals("BPECx6wNq90p8gu0YpJ1Fc0Dx7h0SmkteDK5xDmXT5Y=.pem",
        old.attachment().get().filename());
    // The attachments are not in the dump: the import stops at the first record, naming it.
    String m = refused("intermediates.json", json);
    assertContains("data[0] (record 17a767d6-253b-4f84-b9c0-0b364a08af15): attachment not found",
        m);
    assertContains("security-state-staging/intermediates/20261009135939--17a767d6", m);
  }

  private static Map<String, byte[]> bundleEntries() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("rec-1.meta.json", record("rec-1", 10, CA1).getBytes(StandardCharsets.UTF_8));
    m.put("rec-1", pem(CA1));
    m.put("rec-2", pem(CA2));
    m.put("rec-2.meta.json", record("rec-2", 20, CA2).getBytes(StandardCharsets.UTF_8));
    return m;
  }

  @Test
  void attachmentsBundle() throws Exception {
    Path zip = dir.resolve("security-state--intermediates.zip");
    Files.write(zip, Fixtures.zip(bundleEntries()));
    IntermediatesImport.Parsed p = IntermediatesImport.readFile(zip);
    assertEquals(2, p.entries().size());
    assertEquals("rec-1", p.entries().get(0).recordId());
    assertEquals(20, p.entries().get(1).lastModified());
    assertArrayEquals(CA2.der(), p.entries().get(1).cert().der());
  }

  @Test
  void hostileBundlesAreRefused() throws Exception {
    Map<String, byte[]> m = bundleEntries();
    m.put("rec-2.meta.json", record("rec-9", 20, CA2).getBytes(StandardCharsets.UTF_8));
    assertContains("entry 'rec-2.meta.json': the record's id is rec-9",
        refused("idmismatch.zip", Fixtures.zip(m)));

    m = bundleEntries();
    m.remove("rec-2");
    assertContains("(record rec-2): no entry 'rec-2'", refused("noatt.zip", Fixtures.zip(m)));

    m = bundleEntries();
    m.put("rec-1", pem(CA3));
    assertContains("(record rec-1): attachment: ", refused("swapped.zip", Fixtures.zip(m)));

    m = bundleEntries();
    m.put("rec-1.meta.json", "{\"id\":".getBytes(StandardCharsets.UTF_8));
    assertContains("entry 'rec-1.meta.json': not a JSON object", refused("badmeta.zip",
        Fixtures.zip(m)));

    assertContains("no records", refused("nometa.zip", Fixtures.zip(Map.of("a", pem(CA1)))));

    byte[] good = Fixtures.zip(bundleEntries());
    assertContains("damaged zip archive", refused("truncated.zip",
        Arrays.copyOf(good, good.length / 2)));
    byte[] garbage = new byte[4096];
    new java.util.Random(7).nextBytes(garbage);
    garbage[0] = 'P';
    garbage[1] = 'K';
    garbage[2] = 3;
    garbage[3] = 4;
    refused("garbage.zip", garbage);
  }

  @Test
  void zipBombsAreRefused() throws Exception {
    // One entry that expands past the per-entry bound (2 MiB of zeros, a few KiB packed).
    Map<String, byte[]> m = bundleEntries();
    m.put("rec-1", new byte[2 << 20]);
    byte[] bomb = Fixtures.zip(m);
    assertTrue(bomb.length < 64 << 10);
    assertContains("entry 'rec-1' expands to more than 1048576 bytes",
        refused("bomb1.zip", bomb));

    // Many entries each within the bound, together past the total.
    Map<String, byte[]> many = new LinkedHashMap<>();
    byte[] mib = new byte[1 << 20];
    for (int i = 0; i <= IntermediatesImport.MAX_ZIP_EXPANDED_BYTES >> 20; i++) {
      many.put("e" + i, mib);
    }
    assertContains("expands to more than " + IntermediatesImport.MAX_ZIP_EXPANDED_BYTES
        + " bytes", refused("bomb2.zip", Fixtures.zip(many)));

    // More entries than a bundle can have.
    Map<String, byte[]> count = new LinkedHashMap<>();
    for (int i = 0; i <= IntermediatesImport.MAX_ZIP_ENTRIES; i++) {
      count.put("n" + i, new byte[0]);
    }
    assertContains("more than " + IntermediatesImport.MAX_ZIP_ENTRIES + " entries",
        refused("bomb3.zip", Fixtures.zip(count)));
  }
}
