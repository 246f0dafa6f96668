package dev.pkixj.truststore.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.truststore.json.JsonException;
import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import dev.pkixj.truststore.remotesettings.CanonicalJson;
import dev.pkixj.truststore.remotesettings.ContentSignatureRoots;
import dev.pkixj.truststore.remotesettings.ContentSignatureVerifier;
import dev.pkixj.truststore.remotesettings.RemoteSettingsException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz targets for content-signature checking (docs/remote-settings.md, docs/limits.md "Remote
 * Settings signatures"). Rules: an x5u chain parses within its bounds or is refused with a
 * one-line {@link RemoteSettingsException} naming the step, never another exception, and a
 * verification with it fails that way too (the signature is not one); canonical JSON of any
 * value the JSON reader accepts is ASCII, never throws, and is a fixed point (its own canonical
 * form).
 */
class ContentSignatureFuzzTest {
  private static final String WHAT = "b/c: content signature";
  private static final ContentSignatureVerifier VERIFIER = ContentSignatureVerifier.of(
      ContentSignatureRoots.ofFingerprints("00".repeat(32)),
      Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
  private static final String SIGNATURE = "A".repeat(128);
  private static final JsonReader.Limits LIMITS = new JsonReader.Limits(1 << 16, 32, 4096, 64,
      1 << 14);

  @FuzzTest
  void x5u(byte[] data) {
    List<byte[]> chain;
    try {
      chain = ContentSignatureVerifier.parsePemChain(data, WHAT + ": x5u");
      ImporterFuzzTest.require(!chain.isEmpty()
          && chain.size() <= ContentSignatureVerifier.MAX_CHAIN_CERTIFICATES, "chain size");
    } catch (RemoteSettingsException e) {
      check(e, data);
      return;
    }
    try {
      VERIFIER.verify(new byte[] {1}, SIGNATURE, data, "onecrl.content-signature.mozilla.org",
          WHAT);
      throw new AssertionError("a made-up signature verified");
    } catch (RemoteSettingsException e) {
      check(e, data);
    }
  }

  @FuzzTest
  void canonicalJson(byte[] data) {
    Object v;
    try {
      v = JsonReader.parse(data, LIMITS);
    } catch (JsonException e) {
      return;
    }
    String c = CanonicalJson.stringify(v);
    for (int i = 0; i < c.length(); i++) {
      ImporterFuzzTest.require(c.charAt(i) >= 0x20 && c.charAt(i) < 0x7f, "not printable ASCII");
    }
    Object again;
    try {
      again = JsonReader.parse(c.getBytes(StandardCharsets.US_ASCII), LIMITS);
    } catch (JsonException e) {
      throw new AssertionError("canonical JSON does not parse: " + e.getMessage());
    }
    // A fixed point, but for negative zero: a number too small for a double is written -0 as
    // Firefox does, which the reader then keeps as 0 (docs/remote-settings.md "What is signed");
    // from the second round on it is one.
    String c2 = CanonicalJson.stringify(again);
    ImporterFuzzTest.require(c.equals(c2) || c.contains("-0"), "not a fixed point");
    try {
      ImporterFuzzTest.require(c2.equals(CanonicalJson.stringify(
          JsonReader.parse(c2.getBytes(StandardCharsets.US_ASCII), LIMITS))), "not a fixed point");
    } catch (JsonException e) {
      throw new AssertionError("canonical JSON does not parse: " + e.getMessage());
    }
    if (v instanceof List<?> l) {
      List<JsonObject> records = new ArrayList<>();
      for (Object o : l) {
        if (o instanceof JsonObject j) {
          records.add(j);
        }
      }
      CanonicalJson.signedPayloadOf(records, 1);
    }
  }

  private static void check(RemoteSettingsException e, byte[] data) {
    String m = e.getMessage();
    ImporterFuzzTest.require(m.startsWith(WHAT + ": ") && m.indexOf('\n') < 0,
        "message does not name the step on one line: " + m);
    ImporterFuzzTest.require(!ImporterFuzzTest.leaksJavaException(m,
        new String(data, StandardCharsets.ISO_8859_1)), "a Java exception leaked: " + m);
  }
}
