package dev.pkixj.truststore.onecrl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestPki;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link OneCrl#match} against real certificates, as Firefox's get_revocation_state. */
class OneCrlTest {
  static final TestPki PKI = TestPki.ec();
  static final HexFormat HEX = HexFormat.of();
  /** Top bit set: DER puts a 0x00 before it. */
  static final byte[] HIGH_SERIAL = HEX.parseHex("810aab86065e3384bf2825539eff3f88");
  static final TestCert LEAF = PKI.leafBuilder().key(PKI.leafKey(1))
      .serial(new BigInteger(1, HIGH_SERIAL)).build();
  static final TestCert SAME_ISSUER_OTHER_SERIAL = PKI.leafBuilder().key(PKI.leafKey(1))
      .serial(new BigInteger(1, HIGH_SERIAL).add(BigInteger.ONE)).build();
  static final TestCert SAME_SUBJECT_OTHER_KEY = PKI.leafBuilder().key(PKI.leafKey(2))
      .serial(new BigInteger(1, HIGH_SERIAL)).build();

  static Cert parse(TestCert c) {
    try {
      return Cert.parse(c.der());
    } catch (PkixException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] padded(byte[] serial) {
    byte[] b = new byte[serial.length + 1];
    System.arraycopy(serial, 0, b, 1, serial.length);
    return b;
  }

  static OneCrl.Entry issuerSerial(String id, TestCert issuerOf, byte[] serial) {
    return OneCrl.Entry.issuerSerial(id, 1, issuerOf.issuerDer(), serial, null);
  }

  static OneCrl.Entry subjectKey(String id, TestCert c) {
    return OneCrl.Entry.subjectKey(id, 1, c.subjectDer(), OneCrl.pubKeyHash(c.spkiDer()), null);
  }

  @Test
  void theSerialIsTheIntegersContentOctetsWithItsZeroPad() {
    // The convention OneCRL's serialNumber follows (spec section 2): mozpkix's serial bytes.
    assertArrayEquals(padded(HIGH_SERIAL), parse(LEAF).serialNumber().toByteArray());
    assertEquals((byte) 0x00, parse(LEAF).serialNumber().toByteArray()[0]);
  }

  @Test
  void issuerAndSerialMatchOnlyWithTheZeroPaddedContentOctets() {
    OneCrl.Entry e = issuerSerial("padded", LEAF, padded(HIGH_SERIAL));
    OneCrl crl = OneCrl.of(List.of(e));
    assertSame(e, crl.match(parse(LEAF)));
    assertTrue(crl.isRevoked(parse(LEAF)));
    // The magnitude without its pad is another serial for Firefox (byte comparison).
    OneCrl unpadded = OneCrl.of(List.of(issuerSerial("unpadded", LEAF, HIGH_SERIAL)));
    assertNull(unpadded.match(parse(LEAF)));
  }

  @Test
  void nearMissesDoNotMatch() {
    OneCrl crl = OneCrl.of(List.of(issuerSerial("is", LEAF, padded(HIGH_SERIAL)),
        subjectKey("sk", LEAF)));
    // Same issuer, other serial; same subject, other key (the subject+key entry needs both).
    assertNull(crl.match(parse(SAME_ISSUER_OTHER_SERIAL.toBuilder().key(PKI.leafKey(3))
        .build())));
    OneCrl onlyIs = OneCrl.of(List.of(issuerSerial("is", LEAF, padded(HIGH_SERIAL))));
    assertNull(onlyIs.match(parse(SAME_ISSUER_OTHER_SERIAL)));
    // Issuer and serial of the leaf, looked for under another issuer name: the intermediate.
    assertNull(onlyIs.match(parse(PKI.intermediate())));
    OneCrl onlySk = OneCrl.of(List.of(subjectKey("sk", LEAF)));
    assertNull(onlySk.match(parse(SAME_SUBJECT_OTHER_KEY)));
    // Same key under another subject.
    TestCert otherSubject = PKI.leafBuilder().subject("CN=other.example.test")
        .key(PKI.leafKey(1)).build();
    assertNull(onlySk.match(parse(otherSubject)));
    assertNotNull(onlySk.match(parse(SAME_ISSUER_OTHER_SERIAL))); // same subject and key
  }

  @Test
  void subjectAndKeyHashMatchEveryCertificateWithThem() {
    OneCrl.Entry e = subjectKey("sk", LEAF);
    OneCrl crl = OneCrl.of(List.of(e));
    assertSame(e, crl.match(parse(LEAF)));
    assertSame(e, crl.match(parse(SAME_ISSUER_OTHER_SERIAL)), "a re-issue with the same key");
    assertNull(crl.match(parse(PKI.intermediate())));
  }

  @Test
  void issuerAndSerialComeFirst() {
    OneCrl.Entry sk = subjectKey("a-subject-key", LEAF);
    OneCrl.Entry is = issuerSerial("b-issuer-serial", LEAF, padded(HIGH_SERIAL));
    assertSame(is, OneCrl.of(List.of(sk, is)).match(parse(LEAF)));
    assertSame(is, OneCrl.of(List.of(is, sk)).match(parse(LEAF)));
  }

  @Test
  void rootsAndIntermediatesAreLookedUpLikeLeaves() {
    TestCert root = PKI.root();
    OneCrl crl = OneCrl.of(List.of(OneCrl.Entry.issuerSerial("root", 0, root.issuerDer(),
        parse(root).serialNumber().toByteArray(), null), subjectKey("ica", PKI.intermediate())));
    assertEquals("root", crl.match(parse(root)).id());
    assertEquals("ica", crl.match(parse(PKI.intermediate())).id());
    assertNull(crl.match(parse(PKI.leaf())));
  }

  @Test
  void emptyMatchesNothing() {
    assertTrue(OneCrl.EMPTY.isEmpty());
    assertEquals(0, OneCrl.EMPTY.size());
    assertNull(OneCrl.EMPTY.match(parse(LEAF)));
    assertSame(OneCrl.EMPTY, OneCrl.of(List.of()));
  }

  @Test
  void findsTheOneEntryAmongManyRandomOnes() {
    long seed = new Random().nextLong();
    Random rnd = new Random(seed);
    Cert leaf = parse(LEAF);
    byte[] issuer = LEAF.issuerDer();
    byte[] subject = LEAF.subjectDer();
    List<OneCrl.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      byte[] serial = new byte[1 + rnd.nextInt(20)];
      rnd.nextBytes(serial);
      byte[] hash = new byte[32];
      rnd.nextBytes(hash);
      // Same issuer or subject as the leaf half the time: the lookup must compare the values.
      entries.add(OneCrl.Entry.issuerSerial("is" + i, i, rnd.nextBoolean() ? issuer
          : randomName(rnd), serial, null));
      entries.add(OneCrl.Entry.subjectKey("sk" + i, i, rnd.nextBoolean() ? subject
          : randomName(rnd), hash, null));
    }
    String msg = "seed " + seed;
    OneCrl without = OneCrl.of(entries);
    assertEquals(6000, without.size(), msg);
    assertNull(without.match(leaf), msg);
    int at = rnd.nextInt(entries.size());
    List<OneCrl.Entry> with = new ArrayList<>(entries);
    OneCrl.Entry hit = rnd.nextBoolean() ? issuerSerial("hit", LEAF, padded(HIGH_SERIAL))
        : subjectKey("hit", LEAF);
    with.add(at, hit);
    OneCrl crl = OneCrl.of(with);
    assertSame(hit, crl.match(leaf), msg);
    assertEquals(with, crl.entries(), msg);
  }

  private static byte[] randomName(Random rnd) {
    byte[] b = new byte[2 + rnd.nextInt(60)];
    rnd.nextBytes(b);
    b[0] = 0x30;
    b[1] = (byte) (b.length - 2);
    return b;
  }

  @Test
  void entriesAreCopiedAndComparedByContent() {
    byte[] name = LEAF.issuerDer();
    byte[] serial = padded(HIGH_SERIAL);
    OneCrl.Entry e = OneCrl.Entry.issuerSerial("x", 5, name, serial, null);
    name[0] = 0;
    serial[1] = 0;
    assertSame(e, OneCrl.of(List.of(e)).match(parse(LEAF)), "the entry kept its own copies");
    e.name()[0] = 0;
    assertSame(e, OneCrl.of(List.of(e)).match(parse(LEAF)), "name() returns a copy");
    assertEquals(e, OneCrl.Entry.issuerSerial("x", 5, LEAF.issuerDer(), padded(HIGH_SERIAL),
        OneCrl.Details.NONE));
    assertEquals(OneCrl.Details.NONE, e.details());
  }

  @Test
  void refusesDuplicateIdsAndShortKeyHashes() {
    OneCrl.Entry a = subjectKey("same", LEAF);
    OneCrl.Entry b = issuerSerial("same", LEAF, HIGH_SERIAL);
    assertThrows(IllegalArgumentException.class, () -> OneCrl.of(List.of(a, b)));
    assertThrows(IllegalArgumentException.class,
        () -> OneCrl.Entry.subjectKey("x", 0, LEAF.subjectDer(), new byte[20], null));
  }

  @Test
  void pubKeyHashIsTheSha256OfTheWholeSpki() throws Exception {
    byte[] expected = java.security.MessageDigest.getInstance("SHA-256")
        .digest(parse(LEAF).subjectPublicKeyInfo().toByteArray());
    assertArrayEquals(expected, OneCrl.pubKeyHash(LEAF.spkiDer()));
    assertEquals(Base64.getEncoder().encodeToString(expected),
        Base64.getEncoder().encodeToString(OneCrl.pubKeyHash(LEAF.spkiDer())));
  }
}
