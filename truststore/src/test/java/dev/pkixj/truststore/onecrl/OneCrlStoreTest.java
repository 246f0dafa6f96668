package dev.pkixj.truststore.onecrl;

import static dev.pkixj.truststore.onecrl.OneCrlParserTest.HASH;
import static dev.pkixj.truststore.onecrl.OneCrlParserTest.ISSUER;
import static dev.pkixj.truststore.onecrl.OneCrlParserTest.SERIAL;
import static dev.pkixj.truststore.onecrl.OneCrlParserTest.SUBJECT;
import static dev.pkixj.truststore.onecrl.OneCrlParserTest.isRecord;
import static dev.pkixj.truststore.onecrl.OneCrlParserTest.skRecord;
import static dev.pkixj.truststore.onecrl.OneCrlParserTest.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.json.JsonReader;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import dev.pkixj.truststore.state.SecurityState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OneCrlStoreTest {
  static final long NOW = 1_800_000_000_000L;

  @TempDir
  Path tmp;

  @AfterEach
  void noFault() {
    OneCrlStore.contentFilter = java.util.function.UnaryOperator.identity();
  }

  SecurityState state() {
    return SecurityState.at(tmp.resolve("security-state"));
  }

  Path file(String name, String json) throws IOException {
    Path p = tmp.resolve(name);
    Files.writeString(p, json);
    return p;
  }

  List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  OneCrlParser.Parsed twoRecords() throws OneCrlException {
    return OneCrlParser.parse(utf8("{\"timestamp\":50,\"changes\":[" + isRecord("a", ISSUER,
        SERIAL) + "," + skRecord("b", SUBJECT, HASH) + "]}"), "https://rs.test/onecrl");
  }

  @Test
  void nothingStoredIsEmpty() throws Exception {
    assertTrue(OneCrlStore.load(state()).isEmpty());
    assertFalse(OneCrlStore.removeAll(state()));
  }

  @Test
  void replaceRoundTrip() throws Exception {
    SecurityState s = state();
    OneCrlParser.Parsed p = twoRecords();
    OneCrlStore.Change c = OneCrlStore.replace(s, p, NOW);
    assertEquals(2, c.added());
    assertEquals(0, c.removed());
    OneCrlStore.Loaded l = OneCrlStore.load(s).orElseThrow();
    assertEquals(p.records(), l.records());
    assertEquals(p.entries(), l.oneCrl().entries());
    assertEquals(c.stored(), l);
    assertEquals("https://rs.test/onecrl", l.source());
    assertEquals(OptionalLong.of(50), l.collectionTimestamp());
    assertEquals(NOW, l.updatedMillis());
    assertEquals(Files.size(s.path(OneCrlStore.FILE)), l.bytes());
    assertEquals("a", l.oneCrl().match(OneCrlTest.parse(OneCrlTest.LEAF)).id());
    assertTrue(l.describe().startsWith("2 entries (1 by issuer and serial, 1 by subject and"
        + " key), from https://rs.test/onecrl, collection timestamp 50, updated "), l.describe());
    // Self-describing, valid JSON, starting with the format marker.
    byte[] b = Files.readAllBytes(s.path(OneCrlStore.FILE));
    assertTrue(new String(b, java.nio.charset.StandardCharsets.UTF_8)
        .startsWith("{\"format\":\"pkixj-onecrl\",\"version\":1,"));
    JsonReader.parseObject(b);
  }

  @Test
  void replaceWithAChangesetCountsAgainstWhatWasStored() throws Exception {
    SecurityState s = state();
    OneCrlStore.replace(s, twoRecords(), NOW);
    String json = "{\"metadata\":{},\"timestamp\":60,\"changes\":[" + isRecord("a", ISSUER,
        SERIAL) + "," + isRecord("c", ISSUER, "AQ==") + ",{\"id\":\"x\",\"last_modified\":1}]}";
    OneCrlStore.Change c = OneCrlStore.replace(s, RemoteSettingsClient.parseChangeset(utf8(json),
        "https://rs.test/2"), NOW + 1);
    assertEquals(1, c.added());
    assertEquals(1, c.unchanged());
    assertEquals(1, c.removed()); // b is no longer in the collection
    assertEquals(1, c.ignored()); // x has no key
    assertEquals(1, c.warnings().size());
    OneCrlStore.Loaded l = OneCrlStore.load(s).orElseThrow();
    assertEquals(List.of("a", "c"), l.records().stream().map(OneCrlRecord::id).toList());
    assertEquals(OptionalLong.of(60), l.collectionTimestamp());
  }

  @Test
  void replaceWithRecords() throws Exception {
    SecurityState s = state();
    OneCrlRecord r = OneCrlRecord.subjectKey("k", 9, OneCrlTest.LEAF.subjectDer(),
        OneCrl.pubKeyHash(OneCrlTest.LEAF.spkiDer()), new OneCrl.Details("1", null, null,
            "quote \" and \u00e9 and \u0001", null));
    OneCrlStore.replace(s, List.of(r), "made by hand", OptionalLong.empty(), NOW);
    OneCrlStore.Loaded l = OneCrlStore.load(s).orElseThrow();
    assertEquals(List.of(r), l.records());
    assertEquals(OptionalLong.empty(), l.collectionTimestamp());
    assertEquals("k", l.oneCrl().match(OneCrlTest.parse(OneCrlTest.LEAF)).id());
    assertThrows(OneCrlException.class, () -> OneCrlStore.replace(s, List.of(r, r), "twice",
        OptionalLong.empty(), NOW));
  }

  @Test
  void importMergesById() throws Exception {
    SecurityState s = state();
    OneCrlStore.replace(s, twoRecords(), NOW);
    Path f = file("more.json", "[" + isRecord("a", ISSUER, SERIAL) + ","
        + isRecord("b", ISSUER, "Ag==") + "," + isRecord("d", ISSUER, "Aw==") + ","
        + "{\"id\":\"e\"}]");
    OneCrlStore.Change c = OneCrlStore.importFile(s, f, NOW + 5);
    assertEquals(1, c.added());
    assertEquals(1, c.replaced());
    assertEquals(1, c.unchanged());
    assertEquals(1, c.ignored());
    assertEquals(0, c.removed());
    assertEquals(1, c.warnings().size());
    assertTrue(c.warnings().get(0).startsWith(f + ": record e: has neither"));
    OneCrlStore.Loaded l = OneCrlStore.load(s).orElseThrow();
    assertEquals(List.of("a", "b", "d"), l.records().stream().map(OneCrlRecord::id).toList());
    assertEquals(OneCrl.Kind.ISSUER_SERIAL, l.oneCrl().entries().get(1).kind());
    assertEquals(OptionalLong.of(50), l.collectionTimestamp(), "the stored timestamp stays");
    assertEquals(f.toAbsolutePath().toString(), l.source());
    assertEquals(NOW + 5, l.updatedMillis());

    Path g = file("gone.json", "{\"timestamp\":70,\"changes\":[{\"id\":\"a\",\"deleted\":true},"
        + "{\"id\":\"d\",\"issuerName\":\"" + ISSUER + "\"}]}");
    c = OneCrlStore.importFile(s, g, NOW + 6);
    assertEquals(2, c.removed()); // a by its tombstone, d by an unusable new version
    assertEquals(List.of("b"), OneCrlStore.load(s).orElseThrow().records().stream()
        .map(OneCrlRecord::id).toList());
  }

  @Test
  void importIntoAnEmptyStoreTakesTheFilesTimestamp() throws Exception {
    SecurityState s = state();
    Path f = file("dump.json", "{\"data\":[" + isRecord("a", ISSUER, SERIAL) + "],"
        + "\"timestamp\":1234}");
    OneCrlStore.Change c = OneCrlStore.importFile(s, f, NOW);
    assertEquals(1, c.added());
    assertEquals(OptionalLong.of(1234), c.stored().collectionTimestamp());
  }

  @Test
  void aStoreFileCopiedElsewhereImports() throws Exception {
    SecurityState s = state();
    OneCrlStore.replace(s, twoRecords(), NOW);
    OneCrlParser.Parsed p = OneCrlParser.read(s.path(OneCrlStore.FILE));
    assertEquals(OneCrlParser.Shape.PKIXJ, p.shape());
    assertEquals(OptionalLong.of(50), p.timestamp());
    SecurityState other = SecurityState.at(tmp.resolve("other"));
    OneCrlStore.Change c = OneCrlStore.importFile(other, s.path(OneCrlStore.FILE), NOW + 1);
    assertEquals(2, c.added());
    assertEquals(OneCrlStore.load(s).orElseThrow().records(),
        OneCrlStore.load(other).orElseThrow().records());
  }

  @Test
  void aRefusedImportWritesNothing() throws Exception {
    SecurityState s = state();
    OneCrlStore.replace(s, twoRecords(), NOW);
    byte[] before = Files.readAllBytes(s.path(OneCrlStore.FILE));
    Path bad = file("bad.json", "[{\"id\":\"a\",\"issuerName\":1}]");
    OneCrlException e = assertThrows(OneCrlException.class,
        () -> OneCrlStore.importFile(s, bad, NOW + 1));
    assertTrue(e.getMessage().startsWith(bad + ": record a"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(s.path(OneCrlStore.FILE)));
  }

  @Test
  void removeByIdAndRemoveAll() throws Exception {
    SecurityState s = state();
    OneCrlStore.replace(s, twoRecords(), NOW);
    OneCrlStore.Change c = OneCrlStore.remove(s, List.of("a", "zz"), NOW + 1);
    assertEquals(1, c.removed());
    assertEquals(List.of(s.path(OneCrlStore.FILE) + ": no record zz"), c.warnings());
    OneCrlStore.Loaded l = OneCrlStore.load(s).orElseThrow();
    assertEquals(1, l.oneCrl().size());
    assertEquals("https://rs.test/onecrl", l.source(), "the source stays");
    assertTrue(OneCrlStore.removeAll(s));
    assertTrue(OneCrlStore.load(s).isEmpty());
  }

  @Test
  void aDamagedStoreIsNamedAndNotSilentlyReplacedByAnImport() throws Exception {
    SecurityState s = state();
    OneCrlStore.replace(s, twoRecords(), NOW);
    Path stored = s.path(OneCrlStore.FILE);
    byte[] whole = Files.readAllBytes(stored);
    byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
    Files.write(stored, truncated);
    OneCrlStore.StoreException e = assertThrows(OneCrlStore.StoreException.class,
        () -> OneCrlStore.load(s));
    assertTrue(e.getMessage().startsWith(stored + ": damaged: line "), e.getMessage());

    Path f = file("one.json", "[" + isRecord("n", ISSUER, "BA==") + "]");
    e = assertThrows(OneCrlStore.StoreException.class, () -> OneCrlStore.importFile(s, f, NOW));
    assertTrue(e.getMessage().endsWith("; nothing imported (import again starting afresh to"
        + " replace it)"), e.getMessage());
    assertArrayEquals(truncated, Files.readAllBytes(stored));

    OneCrlStore.Change c = OneCrlStore.importFile(s, f, NOW, true);
    assertEquals(1, c.added());
    assertEquals(List.of("n"), OneCrlStore.load(s).orElseThrow().records().stream()
        .map(OneCrlRecord::id).toList());

    Files.write(stored, truncated);
    OneCrlStore.replace(s, twoRecords(), NOW); // a whole collection may replace a damaged store
    assertEquals(2, OneCrlStore.load(s).orElseThrow().oneCrl().size());
  }

  @Test
  void aStoredRecordThatNoLongerDecodesIsDamage() throws Exception {
    SecurityState s = state();
    OneCrlStore.replace(s, twoRecords(), NOW);
    Path stored = s.path(OneCrlStore.FILE);
    String text = Files.readString(stored).replace(SERIAL, "@@@@");
    Files.writeString(stored, text);
    OneCrlStore.StoreException e = assertThrows(OneCrlStore.StoreException.class,
        () -> OneCrlStore.load(s));
    assertTrue(e.getMessage().startsWith(stored + ": damaged: record a: serialNumber is not"
        + " standard base64"), e.getMessage());
    Files.writeString(stored, Files.readString(stored).replace("\"version\":1", "\"version\":2"));
    assertEquals(stored + ": format version 2 is not known (expected 1)",
        assertThrows(OneCrlStore.StoreException.class, () -> OneCrlStore.load(s)).getMessage());
  }

  @Test
  void aFileThatIsNotPkixjsIsNeverOverwritten() throws Exception {
    SecurityState s = state();
    Files.createDirectories(s.dir());
    Path stored = s.path(OneCrlStore.FILE);
    byte[] foreign = utf8("{\"data\":[]}");
    Files.write(stored, foreign);
    assertEquals(stored + ": not a pkixj OneCRL file (no \"format\":\"pkixj-onecrl\" at its"
        + " start)", assertThrows(OneCrlStore.StoreException.class,
            () -> OneCrlStore.load(s)).getMessage());
    OneCrlStore.StoreException e = assertThrows(OneCrlStore.StoreException.class,
        () -> OneCrlStore.replace(s, twoRecords(), NOW));
    assertTrue(e.getMessage().startsWith(stored + ": exists and is not a file pkixj wrote"),
        e.getMessage());
    Path f = file("one.json", "[" + isRecord("n", ISSUER, "BA==") + "]");
    assertThrows(OneCrlStore.StoreException.class, () -> OneCrlStore.importFile(s, f, NOW, true));
    assertArrayEquals(foreign, Files.readAllBytes(stored));
  }

  @Test
  void aFailedWriteLeavesTheOldFileIntact() throws Exception {
    SecurityState s = state();
    OneCrlStore.replace(s, twoRecords(), NOW);
    Path stored = s.path(OneCrlStore.FILE);
    byte[] before = Files.readAllBytes(stored);
    OneCrlStore.contentFilter = content -> out -> {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      content.writeTo(all);
      out.write(all.toByteArray(), 0, all.size() / 2);
      throw new IOException("No space left on device");
    };
    Path f = file("one.json", "[" + isRecord("n", ISSUER, "BA==") + "]");
    OneCrlStore.StoreException e = assertThrows(OneCrlStore.StoreException.class,
        () -> OneCrlStore.importFile(s, f, NOW + 1));
    assertEquals(stored + ": No space left on device; the stored OneCRL is unchanged",
        e.getMessage());
    assertThrows(OneCrlStore.StoreException.class, () -> OneCrlStore.replace(s, twoRecords(),
        NOW + 2));
    assertThrows(OneCrlStore.StoreException.class, () -> OneCrlStore.remove(s, List.of("a"),
        NOW + 3));
    assertArrayEquals(before, Files.readAllBytes(stored));
    assertEquals(List.of(OneCrlStore.FILE), files(s.dir()), "no temporary file left");
    OneCrlStore.contentFilter = java.util.function.UnaryOperator.identity();
    assertEquals(2, OneCrlStore.load(s).orElseThrow().oneCrl().size());
  }

  @Test
  void aStoreFileOfFiftyMegabytesIsRefusedUnread() throws Exception {
    SecurityState s = state();
    Files.createDirectories(s.dir());
    Path stored = s.path(OneCrlStore.FILE);
    try (java.io.OutputStream out = Files.newOutputStream(stored)) {
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
    }
    OneCrlStore.StoreException e = assertThrows(OneCrlStore.StoreException.class,
        () -> OneCrlStore.load(s));
    assertEquals(stored + ": larger than " + OneCrlStore.MAX_FILE_BYTES + " bytes",
        e.getMessage());
  }
}
