package dev.pkixj.cli.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.cli.Cli;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.cli.batch.SampleGenerator.CtFault;
import dev.pkixj.cli.batch.SampleGenerator.Kind;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample generator's fixed quotas of record kinds and CT faults, and that each record is what
 * it says (its verdict from the batch; its SCTs against an independent reading of Firefox's CT
 * policy).
 */
class SampleGeneratorTest {
  private static final int KINDS = Kind.values().length;

  @TempDir Path dir;

  @Test
  void quotasAddUpAndGiveEveryKindAtLeastOneRecord() {
    for (long n : new long[] {0, 1, 5, KINDS - 1, KINDS, KINDS + 1, 24, 25, 60, 399, 400, 1500,
        10_000, 1_000_000, 123_456_789}) {
      Map<Kind, Long> q = SampleGenerator.quotas(n);
      assertEquals(n, q.values().stream().mapToLong(Long::longValue).sum(), "n=" + n);
      for (Kind k : Kind.values()) {
        long expected = n >= KINDS ? 1 : k.ordinal() < n ? 1 : 0;
        assertTrue(q.get(k) >= expected, "n=" + n + " " + k + ": " + q);
        if (n < KINDS) {
          assertEquals(expected, q.get(k), "n=" + n + " " + k);
        }
      }
    }
  }

  @Test
  void quotasKeepTheStatedShares() {
    // The README and the class comment: about one record in ten carries one of the common
    // errors, one in two thousand is malformed.
    for (long n : new long[] {400, 1500, 10_000, 1_000_000}) {
      Map<Kind, Long> q = SampleGenerator.quotas(n);
      long errors = 0;
      long malformed = 0;
      for (Kind k : Kind.values()) {
        if (k == Kind.VALID) {
          continue;
        }
        assertEquals(Math.max(1, Math.round(k.share * n)), q.get(k), "n=" + n + " " + k);
        if (k.malformed()) {
          malformed += q.get(k);
        } else {
          errors += q.get(k);
        }
      }
      double errorShare = (double) errors / n;
      assertTrue(errorShare > 0.09 && errorShare < 0.11, "n=" + n + ": " + errorShare);
      if (n >= 10_000) {
        assertEquals(n / 2000, malformed, "n=" + n);
      }
    }
  }

  @Test
  void theLayoutHoldsExactlyTheQuotasAtPositionsShuffledByTheSeed() {
    for (long seed : new long[] {1, 7, 11}) {
      for (int n : new int[] {1, KINDS - 1, KINDS, KINDS + 1, 400, 1500, 4097}) {
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
          counts.put(k, 0L);
        }
        for (int i = 0; i < n; i++) {
          counts.merge(SampleGenerator.kindOf(n, seed, i), 1L, Long::sum);
        }
        assertEquals(SampleGenerator.quotas(n), counts, "seed " + seed + ", n=" + n);
      }
    }
    Kind[] a = layout(400, 1);
    Kind[] b = layout(400, 2);
    assertArrayEquals(a, layout(400, 1));
    assertFalse(java.util.Arrays.equals(a, b), "seeds 1 and 2 give the same layout");
    // Shuffled, not laid out kind after kind: the kinds do not come in the enum's order.
    boolean outOfOrder = false;
    for (int i = 1; i < a.length; i++) {
      outOfOrder |= a[i].ordinal() < a[i - 1].ordinal();
    }
    assertTrue(outOfOrder, "seed 1: kinds in quota order");
  }

  private static Kind[] layout(int n, long seed) {
    Kind[] k = new Kind[n];
    for (int i = 0; i < n; i++) {
      k[i] = SampleGenerator.kindOf(n, seed, i);
    }
    return k;
  }

  @Test
  void eachRecordGetsTheVerdictOfItsKindFromTheBatch() throws IOException {
    long seed = 5;
    int n = 300;
    Path corpus = dir.resolve("corpus.ndjson");
    SampleGenerator.Written w = SampleCommand.generate(
        SampleGenerator.Options.defaults(n).withSeed(seed), corpus);
    String where = "seed " + seed + ", " + n + " records";
    assertEquals(SampleGenerator.quotas(n), w.kinds(), where);
    assertTrue(w.recaptures() > 0, where + ": no re-capture, that path is not exercised");

    assertEquals(SampleGenerator.ctQuotas(n), w.ctFaults(), where);
    Map<String, Long> enforced = w.expectedCodes(true);
    Map<String, Long> plain = w.expectedCodes();
    long faulty = n - w.ctFaults().get(CtFault.NONE);
    assertTrue(faulty > 0, where);
    assertEquals(faulty, enforced.get(CtFault.CODE), where);
    assertEquals(plain.get("Success") - faulty, enforced.get("Success"), where);
    assertEquals(null, plain.get(CtFault.CODE), where);

    Path out = dir.resolve("out.ndjson");
    Cli.Run r = Cli.run("batch", corpus.toString(), "--roots",
        SampleCommand.rootsFile(corpus).toString(), "-o", out.toString(), "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals(n, lines.size(), where);
    for (int i = 0; i < n; i++) {
      JsonNode l = Json.MAPPER.readTree(lines.get(i));
      Kind k = SampleGenerator.kindOf(n, seed, i);
      String at = where + ", line " + (i + 1) + " (" + k + "): " + lines.get(i);
      assertEquals(i + 1, l.get("line").asLong(), at);
      if (k.malformed()) {
        assertEquals("malformed", l.get("verdict").asText(), at);
      } else {
        assertEquals(k == Kind.VALID ? "valid" : "invalid", l.get("verdict").asText(), at);
        assertEquals(k.code, l.get("code").asText(), at);
        assertEquals(String.format("s%09d", i + 1), l.get("id").asText(), at);
      }
    }
  }

  @Test
  void ctFaultsHaveFixedQuotasAndOnlyValidRecordsCarryThem() {
    for (long n : new long[] {0, 1, KINDS, 17, 18, 24, 60, 400, 1500, 10_000, 1_000_000}) {
      Map<CtFault, Long> q = SampleGenerator.ctQuotas(n);
      assertEquals(n, q.values().stream().mapToLong(Long::longValue).sum(), "n=" + n);
      long valid = SampleGenerator.quotas(n).get(Kind.VALID);
      long faulty = n - q.get(CtFault.NONE);
      assertTrue(faulty < Math.max(1, valid), "n=" + n + ": " + q);
      if (n >= 24) {
        for (CtFault f : CtFault.values()) {
          if (f != CtFault.NONE) {
            assertEquals(Math.max(1, Math.round(f.share * n)), q.get(f), "n=" + n + " " + f);
          }
        }
      }
      if (n >= 10_000) {
        double share = (double) faulty / n;
        assertTrue(share > 0.02 && share < 0.04, "n=" + n + ": " + share);
      }
    }
    for (long seed : new long[] {1, 7}) {
      for (int n : new int[] {KINDS, 24, 400, 1500}) {
        Map<CtFault, Long> counts = new EnumMap<>(CtFault.class);
        for (CtFault f : CtFault.values()) {
          counts.put(f, 0L);
        }
        for (int i = 0; i < n; i++) {
          CtFault f = SampleGenerator.ctFaultOf(n, seed, i);
          counts.merge(f, 1L, Long::sum);
          if (f != CtFault.NONE) {
            assertEquals(Kind.VALID, SampleGenerator.kindOf(n, seed, i), "seed " + seed + ", n=" + n + ", " + i);
          }
        }
        assertEquals(SampleGenerator.ctQuotas(n), counts, "seed " + seed + ", n=" + n);
      }
    }
  }

  /** A log of the list beside the corpus. */
  private record Log(String name, int operator, boolean retired, long stateMillis, byte[] spki,
      boolean ec, boolean tiled) {}

  @Test
  void theEmbeddedSctsSatisfyFirefoxsPolicyExceptForTheFaultyRecords() throws Exception {
    long seed = 3;
    int n = 600;
    Path corpus = dir.resolve("ct.ndjson");
    SampleGenerator.Written w = SampleCommand.generate(
        SampleGenerator.Options.defaults(n).withSeed(seed), corpus);
    String where = "seed " + seed + ", " + n + " records";

    JsonNode list = Json.MAPPER.readTree(SampleCommand.ctLogsFile(corpus).toFile());
    Map<String, Log> logs = new HashMap<>();
    JsonNode ops = list.get("operators");
    assertTrue(ops.size() >= 3, where + ": " + ops.size() + " operators");
    int retired = 0;
    for (int op = 0; op < ops.size(); op++) {
      for (String field : new String[] {"logs", "tiled_logs"}) {
        for (JsonNode l : ops.get(op).get(field)) {
          byte[] spki = Base64.getDecoder().decode(l.get("key").asText());
          String id = l.get("log_id").asText();
          assertEquals(Base64.getEncoder().encodeToString(sha256(spki)), id, where);
          String state = l.get("state").fieldNames().next();
          retired += state.equals("retired") ? 1 : 0;
          logs.put(id, new Log(l.get("description").asText(), op, state.equals("retired"),
              Instant.parse(l.get("state").get(state).get("timestamp").asText()).toEpochMilli(),
              spki, spki.length < 120, field.equals("tiled_logs")));
        }
      }
    }
    assertEquals(w.ctLogs(), logs.size(), where);
    assertEquals(1, retired, where);

    Set<String> logsUsed = new HashSet<>();
    int threeSctLeaves = 0;
    int retiredUsed = 0;
    int checked = 0;
    long scts = 0;
    List<String> lines = Files.readAllLines(corpus);
    Map<String, byte[]> seenLeaves = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Kind k = SampleGenerator.kindOf(n, seed, i);
      CtFault fault = SampleGenerator.ctFaultOf(n, seed, i);
      if (k.malformed()) {
        continue;
      }
      String at = where + ", line " + (i + 1) + " (" + k + ", " + fault + ")";
      JsonNode rec = Json.MAPPER.readTree(lines.get(i));
      JsonNode chain = rec.get("chain");
      byte[] leaf = Base64.getDecoder().decode(chain.get(0).asText());
      boolean recapture = seenLeaves.put(chain.get(0).asText(), leaf) != null;
      if (!recapture) {
        scts += itemsOf(leaf).size();
      }
      byte[] issuerSpki;
      if (k == Kind.SELF_SIGNED) {
        issuerSpki = spkiOf(leaf);
      } else if (chain.size() > 1) {
        issuerSpki = spkiOf(Base64.getDecoder().decode(chain.get(1).asText()));
      } else {
        continue; // the missing intermediate: no issuer to hash
      }
      long time = Instant.parse(rec.get("time").asText()).getEpochSecond();
      Policy p = policy(leaf, issuerSpki, time, logs);
      checked++;
      assertEquals(fault == CtFault.NONE, p.compliant, at + ": " + p);
      switch (fault) {
        case NONE:
          logsUsed.addAll(p.logs);
          threeSctLeaves += p.needed == 3 ? 1 : 0;
          retiredUsed += p.retiredQualifying;
          assertEquals(p.items, p.verified, at + ": " + p);
          break;
        case NO_SCTS:
          assertEquals(0, p.items, at);
          break;
        case TOO_FEW:
          assertEquals(p.needed - 1, p.verified, at + ": " + p);
          assertEquals(p.items, p.verified, at + ": " + p);
          break;
        case ONE_OPERATOR:
          assertEquals(p.needed, p.verified, at + ": " + p);
          assertEquals(1, p.operators, at + ": " + p);
          break;
        case BAD_SCT_SIGNATURE:
          assertEquals(p.needed, p.items, at + ": " + p);
          assertEquals(p.needed - 1, p.verified, at + ": " + p);
          break;
        default:
          throw new AssertionError(fault);
      }
    }
    assertTrue(checked > n * 0.9, where + ": only " + checked + " records checked");
    assertEquals(w.scts(), scts, where);
    // The corpus uses every log, leaves that need three SCTs, and the retired log before its retirement.
    Set<String> names = new HashSet<>();
    logs.values().forEach(l -> names.add(l.name()));
    assertEquals(names, logsUsed, where);
    assertTrue(threeSctLeaves > 0, where + ": no leaf with a lifetime over 180 days");
    assertTrue(retiredUsed > 0, where + ": the retired log signed nothing that counts");
  }

  /** What an independent reading of Firefox's embedded-SCT policy finds for one leaf. */
  private static final class Policy {
    int items;
    int verified;
    int needed;
    int operators;
    int retiredQualifying;
    boolean compliant;
    final Set<String> logs = new HashSet<>();

    @Override
    public String toString() {
      return items + " SCTs, " + verified + " verified, " + needed + " needed, " + operators
          + " operators, logs " + logs + (compliant ? ", compliant" : ", not compliant");
    }
  }

  private static Policy policy(byte[] leaf, byte[] issuerSpki, long timeSeconds,
      Map<String, Log> logs) throws Exception {
    Policy p = new Policy();
    Certificate cert = Certificate.getInstance(leaf);
    long lifetime = cert.getEndDate().getDate().getTime() / 1000
        - cert.getStartDate().getDate().getTime() / 1000;
    p.needed = lifetime <= 180 * 86_400L ? 2 : 3;
    List<byte[]> items = itemsOf(leaf);
    p.items = items.size();
    if (items.isEmpty()) {
      return p;
    }
    byte[] precert = precertTbs(leaf);
    byte[] issuerKeyHash = sha256(issuerSpki);
    record Ok(Log log, long ts) {}
    List<Ok> ok = new ArrayList<>();
    for (byte[] item : items) {
      ByteBuffer b = ByteBuffer.wrap(item);
      assertEquals(0, b.get());
      byte[] id = new byte[32];
      b.get(id);
      long ts = b.getLong();
      byte[] ext = new byte[b.getShort() & 0xffff];
      b.get(ext);
      int hash = b.get();
      int sigAlg = b.get();
      byte[] sig = new byte[b.getShort() & 0xffff];
      b.get(sig);
      assertFalse(b.hasRemaining());
      Log log = logs.get(Base64.getEncoder().encodeToString(id));
      if (log == null || hash != 4 || sigAlg != (log.ec() ? 3 : 1) || ts / 1000 > timeSeconds) {
        continue;
      }
      if (log.tiled()) {
        assertEquals(8, ext.length, "leaf_index extension of " + log.name());
      }
      ByteArrayOutputStream signed = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(signed);
      d.writeShort(0);
      d.writeLong(ts);
      d.writeShort(1);
      d.write(issuerKeyHash);
      d.writeByte(precert.length >>> 16);
      d.writeShort(precert.length);
      d.write(precert);
      d.writeShort(ext.length);
      d.write(ext);
      PublicKey key = KeyFactory.getInstance(log.ec() ? "EC" : "RSA")
          .generatePublic(new X509EncodedKeySpec(log.spki()));
      Signature s = Signature.getInstance(log.ec() ? "SHA256withECDSA" : "SHA256withRSA");
      s.initVerify(key);
      s.update(signed.toByteArray());
      boolean valid;
      try {
        valid = s.verify(sig);
      } catch (java.security.SignatureException e) {
        valid = false;
      }
      if (valid) {
        ok.add(new Ok(log, ts));
      }
    }
    p.verified = ok.size();
    long issuance = Long.MAX_VALUE;
    int admissible = 0;
    for (Ok o : ok) {
      if (!o.log().retired()) {
        issuance = Math.min(issuance, o.ts());
        admissible++;
      }
    }
    int qualifying = 0;
    Set<Integer> operators = new HashSet<>();
    Set<String> distinct = new HashSet<>();
    for (Ok o : ok) {
      boolean counts = !o.log().retired()
          || (issuance < o.log().stateMillis() && o.ts() < o.log().stateMillis());
      if (counts) {
        qualifying++;
        p.retiredQualifying += o.log().retired() ? 1 : 0;
        operators.add(o.log().operator());
        distinct.add(o.log().name());
      }
    }
    p.logs.addAll(distinct);
    p.operators = operators.size();
    p.compliant = admissible >= 1 && qualifying >= p.needed && distinct.size() >= p.needed
        && operators.size() >= 2;
    return p;
  }

  private static List<byte[]> itemsOf(byte[] leaf) {
    Extensions exts = Certificate.getInstance(leaf).getTBSCertificate().getExtensions();
    Extension e = exts.getExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2"));
    List<byte[]> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    byte[] list = ASN1OctetString.getInstance(e.getExtnValue().getOctets()).getOctets();
    ByteBuffer b = ByteBuffer.wrap(list);
    assertEquals(list.length - 2, b.getShort() & 0xffff);
    while (b.hasRemaining()) {
      byte[] item = new byte[b.getShort() & 0xffff];
      b.get(item);
      out.add(item);
    }
    return out;
  }

  /** The leaf's TBSCertificate without the SCT-list extension, re-encoded in DER. */
  private static byte[] precertTbs(byte[] leaf) throws IOException {
    ASN1Sequence tbs = ASN1Sequence.getInstance(Certificate.getInstance(leaf).getTBSCertificate()
        .toASN1Primitive());
    ASN1EncodableVector v = new ASN1EncodableVector();
    for (int i = 0; i < tbs.size(); i++) {
      if (tbs.getObjectAt(i) instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
        Extensions exts = Extensions.getInstance(t.getExplicitBaseObject());
        List<Extension> kept = new ArrayList<>();
        for (ASN1ObjectIdentifier oid : exts.getExtensionOIDs()) {
          if (!oid.getId().equals("1.3.6.1.4.1.11129.2.4.2")) {
            kept.add(exts.getExtension(oid));
          }
        }
        if (!kept.isEmpty()) {
          v.add(new DERTaggedObject(true, 3, new Extensions(kept.toArray(new Extension[0]))));
        }
      } else {
        v.add(tbs.getObjectAt(i));
      }
    }
    return new DERSequence(v).getEncoded(ASN1Encoding.DER);
  }

  private static byte[] spkiOf(byte[] cert) throws IOException {
    return Certificate.getInstance(cert).getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  @Test
  void theSameSeedGivesTheSameCorpusAndAnotherSeedAnother() throws IOException {
    SampleGenerator.Options o = SampleGenerator.Options.defaults(60).withSeed(9).withThreads(1);
    assertArrayEquals(corpus(o), corpus(o), "seed 9");
    assertFalse(java.util.Arrays.equals(corpus(o), corpus(o.withSeed(10))), "seeds 9 and 10");
    assertArrayEquals(ctLogs(o), ctLogs(o.withSeed(10)), "the CT logs do not depend on the seed");
  }

  private static byte[] ctLogs(SampleGenerator.Options o) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    SampleGenerator.write(o, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), b);
    return b.toByteArray();
  }

  private static byte[] corpus(SampleGenerator.Options o) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    SampleGenerator.write(o, b, OutputStream.nullOutputStream());
    return b.toByteArray();
  }
}
