package dev.pkixj.truststore.intermediates;

import static dev.pkixj.truststore.intermediates.Fixtures.CA1;
import static dev.pkixj.truststore.intermediates.Fixtures.CA2;
import static dev.pkixj.truststore.intermediates.Fixtures.CA3;
import static dev.pkixj.truststore.intermediates.Fixtures.LEAF;
import static dev.pkixj.truststore.intermediates.Fixtures.derHash;
import static dev.pkixj.truststore.intermediates.Fixtures.pem;
import static dev.pkixj.truststore.intermediates.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.json.JsonReader;
import dev.pkixj.truststore.remotesettings.Changeset;
import dev.pkixj.truststore.remotesettings.RsRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntermediatesStoreTest {
  private static final Instant T1 = Instant.parse("2026-06-01T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-06-02T10:00:00Z");

  @TempDir
  Path tmp;

  @AfterEach
  void noFault() {
    IntermediatesStore.fault = null;
  }

  private Path state() {
    return tmp.resolve("security-state");
  }

  private Path file(String name, byte[] content) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, content);
    return f;
  }

  private static List<String> ders(PreloadedIntermediates p) {
    List<String> out = new ArrayList<>();
    for (PreloadedIntermediates.Entry e : p.entries()) {
      out.add(e.sha256Hex());
    }
    return out;
  }

  private static String hex(TestCert c) {
    return dev.pkixj.truststore.remotesettings.RemoteSettingsClient.sha256Hex(c.der());
  }

  private static List<String> hexes(TestCert... certs) {
    List<String> out = new ArrayList<>();
    for (TestCert c : certs) {
      out.add(hex(c));
    }
    return out;
  }

  @Test
  void nothingStoredLoadsAsEmpty() throws Exception {
    assertEquals(Optional.empty(), IntermediatesStore.load(state()));
    assertFalse(IntermediatesStore.removeAll(state()));
  }

  @Test
  void importRoundTripAndMerge() throws Exception {
    Path json = file("intermediates.json", Fixtures.collection(555, record("rec-1", 1234, CA1)));
    Path loc = tmp.resolve("security-state-staging/intermediates/rec-1.pem");
    Files.createDirectories(loc.getParent());
    Files.write(loc, pem(CA1));
    Path pemFile = file("two.pem", pem(CA2, LEAF));

    IntermediatesStore.Change c = IntermediatesStore.importFiles(state(), List.of(json, pemFile),
        T1);
    assertEquals(hexes(CA1, CA2, LEAF), ders(c.store().intermediates()));
    assertEquals(3, c.added().size());
    assertEquals(0, c.unchanged());
    assertEquals(1, c.warnings().size(), "the leaf is not a CA");

    IntermediatesStore.Loaded l = IntermediatesStore.load(state()).orElseThrow();
    assertEquals(hexes(CA1, CA2, LEAF), ders(l.intermediates()));
    PreloadedIntermediates.Entry e = l.intermediates().entries().get(0);
    assertEquals("rec-1", e.recordId());
    assertEquals(1234, e.lastModified());
    assertEquals(json + " record rec-1", e.origin());
    assertEquals(derHash(CA1.der()), e.derHash());
    assertEquals("", l.intermediates().entries().get(1).recordId());
    assertEquals(555, l.collectionTimestamp());
    assertEquals(T1.toEpochMilli(), l.updatedMillis());
    assertEquals("import of " + json + " " + pemFile, l.source());
    assertEquals(Files.size(IntermediatesStore.file(state())), l.bytes());
    assertEquals(c.store().bytes(), l.bytes());
    assertTrue(l.intermediates().contains(Cert.of(CA2.der())));
    assertEquals(1, l.intermediates().bySubject(Cert.of(CA2.der()).subject()).length);
    assertTrue(l.describe().contains("3 preloaded intermediates"), l.describe());

    // Again, plus one more: only the new one is added.
    Path more = file("more.pem", pem(CA2, CA3));
    c = IntermediatesStore.importFiles(state(), List.of(more), T2);
    assertEquals(hexes(CA3), ders(PreloadedIntermediates.of(c.added())));
    assertEquals(3, c.unchanged());
    l = IntermediatesStore.load(state()).orElseThrow();
    assertEquals(hexes(CA1, CA2, LEAF, CA3), ders(l.intermediates()));
    assertEquals(555, l.collectionTimestamp(), "kept from the earlier collection import");
    assertEquals(T2.toEpochMilli(), l.updatedMillis());
  }

  @Test
  void aBadFileChangesNothing() throws Exception {
    IntermediatesStore.importFiles(state(), List.of(file("a.pem", pem(CA1))), T1);
    byte[] before = Files.readAllBytes(IntermediatesStore.file(state()));
    Path good = file("b.pem", pem(CA2));
    Path bad = file("c.pem", "junk".getBytes(StandardCharsets.UTF_8));
    IntermediatesException e = assertThrows(IntermediatesException.class,
        () -> IntermediatesStore.importFiles(state(), List.of(good, bad), T2));
    assertTrue(e.getMessage().startsWith(bad + ": "), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(IntermediatesStore.file(state())));
  }

  @Test
  void removeBySha256RecordIdOrSubject() throws Exception {
    Path json = file("c.json", Fixtures.collection(1, record("rec-1", 1, CA1)));
    Path loc = tmp.resolve("security-state-staging/intermediates/rec-1.pem");
    Files.createDirectories(loc.getParent());
    Files.write(loc, pem(CA1));
    IntermediatesStore.importFiles(state(), List.of(json, file("x.pem", pem(CA2, CA3, LEAF))),
        T1);

    // A unique 8-digit prefix, in upper case with colons as browsers show fingerprints.
    String prefix = hex(CA2).substring(0, 8).toUpperCase(java.util.Locale.ROOT);
    String shown = prefix.substring(0, 2) + ":" + prefix.substring(2);
    IntermediatesStore.Change c = IntermediatesStore.remove(state(), List.of(shown), T2);
    assertEquals(hexes(CA2), ders(PreloadedIntermediates.of(c.removed())));
    assertEquals(hexes(CA1, CA3, LEAF), ders(IntermediatesStore.load(state()).orElseThrow()
        .intermediates()));

    c = IntermediatesStore.remove(state(), List.of("rec-1", hex(LEAF)), T2);
    assertEquals(hexes(CA1, LEAF), ders(PreloadedIntermediates.of(c.removed())));

    // Subject text, any case; a selector that matches nothing changes nothing.
    byte[] before = Files.readAllBytes(IntermediatesStore.file(state()));
    IntermediatesException e = assertThrows(IntermediatesException.class,
        () -> IntermediatesStore.remove(state(), List.of("o=example", "no such CA"), T2));
    assertTrue(e.getMessage().contains("'no such CA': no stored preloaded intermediate"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(IntermediatesStore.file(state())));
    c = IntermediatesStore.remove(state(), List.of("o=example"), T2);
    assertEquals(hexes(CA3), ders(PreloadedIntermediates.of(c.removed())));
    assertTrue(IntermediatesStore.load(state()).orElseThrow().intermediates().isEmpty());

    assertTrue(IntermediatesStore.removeAll(state()));
    assertEquals(Optional.empty(), IntermediatesStore.load(state()));
  }

  @Test
  void ambiguousPrefixesAreRefused() throws Exception {
    List<PreloadedIntermediates.Entry> entries = new ArrayList<>();
    for (TestCert c : List.of(CA1, CA2, CA3, LEAF)) {
      entries.add(new PreloadedIntermediates.Entry(Cert.of(c.der()), "", 0, "t"));
    }
    // Two entries whose SHA-256 share the prefix (a real 8-digit collision cannot be made to
    // order; the same certificate twice stands in for it): refused, not guessed.
    PreloadedIntermediates.Entry a = entries.get(0);
    List<PreloadedIntermediates.Entry> twice = List.of(a,
        new PreloadedIntermediates.Entry(a.cert(), "other", 0, "t"));
    IntermediatesException e = assertThrows(IntermediatesException.class,
        () -> IntermediatesStore.select(twice, a.sha256Hex().substring(0, 8)));
    assertTrue(e.getMessage().contains("2 stored certificates' SHA-256 start with it"),
        e.getMessage());
    assertEquals(List.of(entries.get(1)),
        IntermediatesStore.select(entries, entries.get(1).sha256Hex()));
  }

  private static RsRecord rsRecord(String json) throws Exception {
    return IntermediatesImport.record(JsonReader.parseObject(
        json.getBytes(StandardCharsets.UTF_8)), "test");
  }

  @Test
  void replaceFromAnUpdate() throws Exception {
    IntermediatesStore.importFiles(state(), List.of(file("a.pem", pem(CA1, CA2))), T1);
    Changeset cs = new Changeset("https://rs.example/v1/changeset", 9999, Optional.empty(),
        List.of());
    List<RecordAttachment> records = List.of(
        new RecordAttachment(rsRecord(record("u-2", 20, CA2)), pem(CA2)),
        new RecordAttachment(rsRecord(record("u-3", 30, CA3)), pem(CA3)),
        new RecordAttachment(rsRecord("{\"id\":\"u-4\",\"last_modified\":40,\"deleted\":true}"),
            new byte[0]));
    IntermediatesStore.Change c = IntermediatesStore.replace(state(), records, cs, T2);
    assertEquals(hexes(CA3), ders(PreloadedIntermediates.of(c.added())));
    assertEquals(hexes(CA1), ders(PreloadedIntermediates.of(c.removed())));
    assertEquals(1, c.unchanged());
    IntermediatesStore.Loaded l = IntermediatesStore.load(state()).orElseThrow();
    assertEquals(hexes(CA2, CA3), ders(l.intermediates()));
    assertEquals("u-2", l.intermediates().entries().get(0).recordId());
    assertEquals(9999, l.collectionTimestamp());
    assertEquals(cs.url(), l.source());

    // A record whose attachment is not its certificate: nothing changes.
    byte[] before = Files.readAllBytes(IntermediatesStore.file(state()));
    List<RecordAttachment> bad = List.of(
        new RecordAttachment(rsRecord(record("u-1", 10, CA1)), pem(CA1)),
        new RecordAttachment(rsRecord(record("u-2", 20, CA2)), pem(CA3)));
    IntermediatesException e = assertThrows(IntermediatesException.class,
        () -> IntermediatesStore.replace(state(), bad, cs, T2));
    assertTrue(e.getMessage().startsWith(cs.url() + ": record u-2: attachment: "),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(IntermediatesStore.file(state())));

    // The record's derHash must be its certificate's.
    List<RecordAttachment> wrongHash = List.of(new RecordAttachment(rsRecord(record("u-1", 10,
        derHash(CA2.der()), pem(CA1), "l.pem", "f.pem")), pem(CA1)));
    e = assertThrows(IntermediatesException.class,
        () -> IntermediatesStore.replace(state(), wrongHash, cs, T2));
    assertTrue(e.getMessage().contains("differs from derHash"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(IntermediatesStore.file(state())));
  }

  @Test
  void aDamagedStoreIsReportedNamingTheFile() throws Exception {
    IntermediatesStore.importFiles(state(), List.of(file("a.pem", pem(CA1, CA2))), T1);
    Path f = IntermediatesStore.file(state());
    byte[] good = Files.readAllBytes(f);

    Files.write(f, java.util.Arrays.copyOf(good, good.length - 100));
    assertDamaged(f, "damaged");
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x40;
    Files.write(f, flipped);
    assertDamaged(f, "damaged");
    Files.write(f, "something else".getBytes(StandardCharsets.UTF_8));
    assertDamaged(f, "not a preloaded-intermediates file");
    // A damaged store is not merged into: the import fails and leaves it for inspection.
    Path more = file("b.pem", pem(CA3));
    assertThrows(IntermediatesStore.StoreException.class,
        () -> IntermediatesStore.importFiles(state(), List.of(more), T2));
    assertArrayEquals("something else".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(f));

    // A well-formed file (checksum right) whose certificate does not parse.
    List<PreloadedIntermediates.Entry> one = List.of(
        new PreloadedIntermediates.Entry(Cert.of(CA1.der()), "", 0, "t"));
    byte[] encoded = IntermediatesStore.encode(one, "s", 0, 0);
    byte[] body = java.util.Arrays.copyOf(encoded, encoded.length - 32);
    int derAt = body.length - CA1.der().length;
    body[derAt] = 0x31; // not a SEQUENCE
    byte[] resealed = java.util.Arrays.copyOf(body, body.length + 32);
    System.arraycopy(Fixtures.sha256(body), 0, resealed, body.length, 32);
    Files.write(f, resealed);
    assertDamaged(f, "certificate 1 does not parse");
  }

  private void assertDamaged(Path f, String expected) {
    IntermediatesStore.StoreException e = assertThrows(IntermediatesStore.StoreException.class,
        () -> IntermediatesStore.load(state()));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void aFailedWriteLeavesTheOldStoreWhole() throws Exception {
    IntermediatesStore.importFiles(state(), List.of(file("a.pem", pem(CA1))), T1);
    Path f = IntermediatesStore.file(state());
    byte[] before = Files.readAllBytes(f);
    // The disk fills up after the first certificate of the new content was written.
    IntermediatesStore.fault = n -> {
      if (n == 1) {
        throw new IOException("No space left on device");
      }
    };
    IntermediatesStore.StoreException e = assertThrows(IntermediatesStore.StoreException.class,
        () -> IntermediatesStore.importFiles(state(), List.of(file("b.pem", pem(CA2, CA3))),
            T2));
    assertTrue(e.getMessage().startsWith(f + ": cannot be written (No space left on device)"),
        e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(f));
    try (Stream<Path> s = Files.list(state())) {
      assertEquals(List.of(f.getFileName().toString()),
          s.map(p -> p.getFileName().toString()).toList(), "no temporary file is left");
    }
    assertEquals(hexes(CA1), ders(IntermediatesStore.load(state()).orElseThrow()
        .intermediates()));
    IntermediatesStore.fault = null;
    IntermediatesStore.importFiles(state(), List.of(file("c.pem", pem(CA2, CA3))), T2);
    assertEquals(hexes(CA1, CA2, CA3), ders(IntermediatesStore.load(state()).orElseThrow()
        .intermediates()));
  }

  @Test
  void aFileThatIsNotOursIsNeverOverwritten() throws Exception {
    Files.createDirectories(state());
    Path f = IntermediatesStore.file(state());
    Files.writeString(f, "precious");
    Changeset cs = new Changeset("https://rs.example/v1/changeset", 1, Optional.empty(),
        List.of());
    IntermediatesStore.StoreException e = assertThrows(IntermediatesStore.StoreException.class,
        () -> IntermediatesStore.replace(state(), List.of(), cs, T1));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertEquals("precious", Files.readString(f));
  }
}
