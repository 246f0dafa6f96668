package dev.pkixj.verifier.strict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.crl.Crl;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.CrlBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.GeneralName;
import dev.pkixj.testdata.KeyUsage;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.verifier.Profile;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.ct.RootProgram;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every strict rule (docs/strict-profile.md): a chain that breaks it and one that nearly does.
 * The base chain (root → CA → leaf, from the testdata profiles) breaks none, and Firefox accepts
 * every chain here unless a test says otherwise.
 */
class StrictRulesTest {
  private static final Instant NOW = TestClock.NOW;
  private static final String HOST = "www.example.com";
  private static final TestCert ROOT = CertBuilder.root("Strict Test Root").build();
  private static final TestCert CA = CertBuilder.ca("Strict Test CA").issuer(ROOT).build();

  private static CertBuilder leaf() {
    return CertBuilder.leaf(HOST).issuer(CA);
  }

  private static VerificationResult verify(List<TestCert> chain, List<TestCert> roots,
      String host, StrictOptions options, Profile profile) {
    List<byte[]> roots0 = new ArrayList<>();
    roots.forEach(r -> roots0.add(r.der()));
    List<byte[]> ders = new ArrayList<>();
    chain.forEach(c -> ders.add(c.der()));
    Verifier v = Verifier.withRoots(roots0).withCt(CtSettings.OFF).withProfile(profile, options);
    return v.verifyServer(ders, host, NOW);
  }

  private static VerificationResult strict(List<TestCert> chain, List<TestCert> roots,
      String host, StrictOptions options) {
    return verify(chain, roots, host, options, Profile.STRICT);
  }

  private static VerificationResult strict(TestCert leaf, StrictOptions options) {
    return strict(List.of(leaf, CA), List.of(ROOT), HOST, options);
  }

  private static VerificationResult strict(TestCert leaf) {
    return strict(leaf, StrictOptions.defaults());
  }

  private static List<Rule> rules(VerificationResult r) {
    return r.violations().stream().map(Violation::rule).collect(Collectors.toList());
  }

  /** {@code r} breaks {@code rule} (on certificate {@code index}); Firefox accepted the chain. */
  private static void breaks(Rule rule, int index, VerificationResult r) {
    assertTrue(r.violations().stream().anyMatch(v -> v.rule() == rule && v.certIndex() == index),
        rule + " on certificate " + index + " expected in " + r.violations());
    assertFalse(r.isValid(), "a broken rule fails the verification");
    assertFalse(rules(r).contains(Rule.FIREFOX), "Firefox accepts it: " + r.violations());
    Violation first = r.violations().get(0);
    assertEquals(first.code(), r.code());
    assertEquals(first.rule().result(), r.result());
    assertEquals(rule.code(), r.violations().stream().filter(v -> v.rule() == rule).findFirst()
        .orElseThrow().code());
    assertEquals(rule.source(), r.violations().stream().filter(v -> v.rule() == rule)
        .findFirst().orElseThrow().source());
  }

  private static void clean(VerificationResult r) {
    assertEquals(List.of(), r.violations());
    assertEquals(Result.SUCCESS, r.result());
    assertEquals("Success", r.code());
  }

  private static StrictOptions publicRoot() {
    return StrictOptions.defaults().withPublicRoots(
        RootProgram.of(List.of(ROOT.sha256Fingerprint()), "test"));
  }

  private static StrictOptions crls(byte[]... ders) {
    List<Crl> list = new ArrayList<>();
    for (byte[] d : ders) {
      try {
        list.add(Crl.parse(d));
      } catch (PkixException e) {
        throw new AssertionError("test CRL does not parse: " + e.result(), e);
      }
    }
    return StrictOptions.defaults().withCrls(list);
  }

  // ---- The base chain and the Firefox profile ----

  @Test
  void theBaseChainBreaksNoRule() {
    clean(strict(leaf().build()));
  }

  @Test
  void theFirefoxProfileListsNoViolationAndKeepsFirefoxsVerdict() {
    TestCert noEku = leaf().removeExtension(Oids.EXT_KEY_USAGE).build();
    VerificationResult firefox = verify(List.of(noEku, CA), List.of(ROOT), HOST, null,
        Profile.FIREFOX);
    assertEquals(Result.SUCCESS, firefox.result());
    assertEquals(List.of(), firefox.violations());
    breaks(Rule.EKU_MISSING, 0, strict(noEku));
  }

  @Test
  void firefoxsErrorComesFirstAndTheRulesFollow() {
    TestCert expired = leaf().validity(NOW.minus(Duration.ofDays(60)), NOW.minusSeconds(1))
        .removeExtension(Oids.EXT_KEY_USAGE).build();
    VerificationResult r = strict(expired);
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, r.result());
    assertEquals("SEC_ERROR_EXPIRED_CERTIFICATE", r.code());
    assertEquals(Rule.FIREFOX, r.violations().get(0).rule());
    assertEquals("SEC_ERROR_EXPIRED_CERTIFICATE", r.violations().get(0).code());
    assertTrue(rules(r).contains(Rule.EKU_MISSING), r.violations().toString());
  }

  @Test
  void everyBrokenRuleIsListedInPriorityOrder() {
    TestCert leaf = leaf().removeExtension(Oids.EXT_KEY_USAGE)
        .removeExtension(Oids.AUTHORITY_KEY_ID).build();
    VerificationResult r = strict(leaf);
    assertEquals(List.of(Rule.AKI_MISSING, Rule.EKU_MISSING), rules(r));
    assertEquals("PKIXJ_ERROR_AKI_MISSING", r.code());
    assertEquals(0, r.certIndex());
  }

  // ---- Path ----

  @Test
  void maxChainDepth() {
    TestCert leaf = leaf().build();
    breaks(Rule.MAX_CHAIN_DEPTH, 1, strict(leaf, StrictOptions.defaults().withMaxChainDepth(0)));
    clean(strict(leaf, StrictOptions.defaults().withMaxChainDepth(1)));
  }

  @Test
  void maxChainDepthDoesNotCountSelfIssuedIntermediates() {
    // root → CA → CA' (same name, another key, self-issued) → leaf: one logical intermediate.
    TestCert rollover = CertBuilder.ca("Strict Test CA").issuer(CA)
        .key(TestKeys.ec(TestKeys.Curve.P256, "strict-rollover")).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(rollover).build();
    VerificationResult ok = strict(List.of(leaf, rollover, CA), List.of(ROOT), HOST,
        StrictOptions.defaults().withMaxChainDepth(1));
    clean(ok);
    assertEquals(4, ok.chain().size());
    breaks(Rule.MAX_CHAIN_DEPTH, 2, strict(List.of(leaf, rollover, CA), List.of(ROOT), HOST,
        StrictOptions.defaults().withMaxChainDepth(0)));
  }

  @Test
  void akiSkiMismatch() {
    breaks(Rule.AKI_SKI_MISMATCH, 0,
        strict(leaf().authorityKeyId(new byte[] {1, 2, 3, 4}).build()));
    clean(strict(leaf().authorityKeyId(CA.subjectKeyId()).build()));
  }

  @Test
  void akiSkiMismatchOfASelfSignedRoot() {
    TestCert root = CertBuilder.root("Strict AKI Root").authorityKeyId(new byte[] {9, 9})
        .build();
    TestCert ca = CertBuilder.ca("Strict AKI CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    breaks(Rule.AKI_SKI_MISMATCH, 2, strict(List.of(leaf, ca), List.of(root), HOST,
        StrictOptions.defaults()));
    TestCert good = CertBuilder.root("Strict AKI Root 2").authorityKeyId().build();
    TestCert ca2 = CertBuilder.ca("Strict AKI CA 2").issuer(good).build();
    clean(strict(List.of(CertBuilder.leaf(HOST).issuer(ca2).build(), ca2), List.of(good), HOST,
        StrictOptions.defaults()));
  }

  @Test
  void pathBuildingPassesOverAnIssuerWhoseKeyIdentifierDoesNotMatch() {
    // Two roots cross-certify the same CA key; the first copy offered names root B in its AKI
    // wrongly. Firefox takes it; the strict profile goes on to the copy under root A.
    TestCert rootA = CertBuilder.root("Strict Root A").build();
    TestCert rootB = CertBuilder.root("Strict Root B").build();
    TestCert viaB = CertBuilder.ca("Strict Cross CA").issuer(rootB)
        .authorityKeyId(new byte[] {7, 7, 7}).build();
    TestCert viaA = CertBuilder.ca("Strict Cross CA").issuer(rootA).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(viaA).build();
    List<TestCert> chain = List.of(leaf, viaB, viaA);
    VerificationResult firefox = verify(chain, List.of(rootA, rootB), HOST, null,
        Profile.FIREFOX);
    assertEquals(Result.SUCCESS, firefox.result());
    assertArrayEquals(viaB.sha256Fingerprint(), firefox.chain().get(1).sha256());
    VerificationResult r = strict(chain, List.of(rootA, rootB), HOST, StrictOptions.defaults());
    clean(r);
    assertArrayEquals(viaA.sha256Fingerprint(), r.chain().get(1).sha256());
    assertArrayEquals(rootA.sha256Fingerprint(), r.chain().get(2).sha256());
    // With only the wrong copy there is no strict path: Firefox's is reported with the rule.
    breaks(Rule.AKI_SKI_MISMATCH, 1, strict(List.of(leaf, viaB), List.of(rootA, rootB), HOST,
        StrictOptions.defaults()));
  }

  // ---- CRLs ----

  @Test
  void revoked() {
    TestCert leaf = leaf().build();
    breaks(Rule.REVOKED, 0, strict(leaf, crls(CrlBuilder.issuer(CA).revoke(leaf.serial())
        .build())));
    clean(strict(leaf, crls(CrlBuilder.issuer(CA).revoke(leaf.serial().add(BigInteger.ONE))
        .build())));
  }

  @Test
  void aCrlOfAnotherIssuerDoesNotApply() {
    TestCert leaf = leaf().build();
    TestCert other = CertBuilder.ca("Strict Other CA").issuer(ROOT).build();
    clean(strict(leaf, crls(CrlBuilder.issuer(other).revoke(leaf.serial()).build())));
  }

  @Test
  void theCaCertificateIsCheckedAgainstTheRootsCrl() {
    TestCert leaf = leaf().build();
    breaks(Rule.REVOKED, 1, strict(leaf, crls(CrlBuilder.issuer(ROOT).revoke(CA.serial())
        .build())));
    clean(strict(leaf, crls(CrlBuilder.issuer(ROOT).build())));
  }

  @Test
  void crlsAreCheckedOnlyOnABuiltPath() {
    // The CA's signature is bad: Firefox refuses the chain, and the CA in the path it tried is
    // not known to be the leaf's issuer, so no CRL is judged with its key.
    TestCert badCa = CertBuilder.ca("Strict Test CA").issuer(ROOT).corruptSignature().build();
    TestCert leaf = leaf().build();
    VerificationResult r = strict(List.of(leaf, badCa), List.of(ROOT), HOST,
        crls(CrlBuilder.issuer(CA).signingKey(ROOT.privateKey()).build()));
    assertEquals(Rule.FIREFOX, r.violations().get(0).rule());
    assertFalse(rules(r).contains(Rule.CRL_BAD_SIGNATURE), r.violations().toString());
  }

  @Test
  void crlBadSignature() {
    TestCert leaf = leaf().build();
    breaks(Rule.CRL_BAD_SIGNATURE, 0, strict(leaf, crls(CrlBuilder.issuer(CA)
        .signingKey(ROOT.privateKey()).build())));
    clean(strict(leaf, crls(CrlBuilder.issuer(CA).build())));
  }

  @Test
  void crlIssuerWithoutCrlSign() {
    TestCert ca = CertBuilder.ca("Strict KU CA").issuer(ROOT).keyUsage(KeyUsage.KEY_CERT_SIGN)
        .build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    breaks(Rule.CRL_ISSUER_NO_CRLSIGN, 0, strict(List.of(leaf, ca), List.of(ROOT), HOST,
        crls(CrlBuilder.issuer(ca).build())));
    TestCert noKu = CertBuilder.ca("Strict No KU CA").issuer(ROOT)
        .removeExtension(Oids.KEY_USAGE).build();
    TestCert leaf2 = CertBuilder.leaf(HOST).issuer(noKu).build();
    clean(strict(List.of(leaf2, noKu), List.of(ROOT), HOST,
        crls(CrlBuilder.issuer(noKu).build())));
  }

  @Test
  void crlVersion() {
    TestCert leaf = leaf().build();
    breaks(Rule.CRL_VERSION, 0, strict(leaf, crls(CrlBuilder.issuer(CA).v1().build())));
    clean(strict(leaf, crls(CrlBuilder.issuer(CA).build())));
  }

  @Test
  void crlNumberMissing() {
    TestCert leaf = leaf().build();
    breaks(Rule.CRL_NUMBER_MISSING, 0, strict(leaf, crls(CrlBuilder.issuer(CA).noCrlNumber()
        .build())));
    clean(strict(leaf, crls(CrlBuilder.issuer(CA).build())));
  }

  @Test
  void crlNumberCritical() {
    TestCert leaf = leaf().build();
    breaks(Rule.CRL_NUMBER_CRITICAL, 0, strict(leaf, crls(CrlBuilder.issuer(CA)
        .criticalCrlNumber().build())));
    clean(strict(leaf, crls(CrlBuilder.issuer(CA).build())));
  }

  @Test
  void crlUnknownCriticalExtension() {
    TestCert leaf = leaf().build();
    breaks(Rule.CRL_UNKNOWN_CRITICAL_EXTENSION, 0, strict(leaf, crls(CrlBuilder.issuer(CA)
        .extension(Oids.UNKNOWN_EXTENSION, true, Der.nul()).build())));
    breaks(Rule.CRL_UNKNOWN_CRITICAL_EXTENSION, 0, strict(leaf, crls(CrlBuilder.issuer(CA)
        .revoke(BigInteger.TEN, Oids.UNKNOWN_EXTENSION, true, Der.nul()).build())));
    clean(strict(leaf, crls(CrlBuilder.issuer(CA)
        .extension(Oids.UNKNOWN_EXTENSION, false, Der.nul())
        .revoke(BigInteger.TEN, Oids.UNKNOWN_EXTENSION, false, Der.nul()).build())));
  }

  @Test
  void crlExpired() {
    TestCert leaf = leaf().build();
    breaks(Rule.CRL_EXPIRED, 0, strict(leaf, crls(CrlBuilder.issuer(CA)
        .nextUpdate(NOW.minusSeconds(1)).build())));
    clean(strict(leaf, crls(CrlBuilder.issuer(CA).nextUpdate(NOW).build())));
    clean(strict(leaf, crls(CrlBuilder.issuer(CA).nextUpdate(null).build())));
  }

  @Test
  void crlNotYetValid() {
    TestCert leaf = leaf().build();
    breaks(Rule.CRL_NOT_YET_VALID, 0, strict(leaf, crls(CrlBuilder.issuer(CA)
        .thisUpdate(NOW.plusSeconds(1)).build())));
    clean(strict(leaf, crls(CrlBuilder.issuer(CA).thisUpdate(NOW).build())));
  }

  // ---- RFC 5280 profile ----

  @Test
  void serialTooLong() {
    byte[] twentyOne = new byte[21];
    byte[] twenty = new byte[20];
    java.util.Arrays.fill(twentyOne, (byte) 0x11);
    java.util.Arrays.fill(twenty, (byte) 0x11);
    breaks(Rule.SERIAL_TOO_LONG, 0, strict(leaf().serialRaw(twentyOne).build()));
    clean(strict(leaf().serialRaw(twenty).build()));
  }

  @Test
  void serialNotPositive() {
    VerificationResult r = strict(leaf().serialRaw(new byte[] {(byte) 0xff, 0x10}).build());
    assertTrue(rules(r).contains(Rule.SERIAL_NOT_POSITIVE), r.violations().toString());
    assertFalse(r.isValid());
    clean(strict(leaf().serial(1).build()));
  }

  @Test
  void akiMissing() {
    breaks(Rule.AKI_MISSING, 0, strict(leaf().removeExtension(Oids.AUTHORITY_KEY_ID).build()));
    breaks(Rule.AKI_MISSING, 1, strict(List.of(leaf().build(),
        CertBuilder.ca("Strict Test CA").issuer(ROOT).removeExtension(Oids.AUTHORITY_KEY_ID)
            .build()), List.of(ROOT), HOST, StrictOptions.defaults()));
    // The self-signed root has none, as RFC 5280 allows.
    clean(strict(leaf().build()));
  }

  @Test
  void akiCritical() {
    VerificationResult r = strict(leaf().critical(Oids.AUTHORITY_KEY_ID, true).build());
    // Firefox does not know the extension: it refuses it as critical, and the rule follows.
    assertEquals(Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION, r.result());
    assertEquals(List.of(Rule.FIREFOX, Rule.AKI_CRITICAL), rules(r));
    clean(strict(leaf().critical(Oids.AUTHORITY_KEY_ID, false).build()));
  }

  @Test
  void skiMissing() {
    TestCert ca = CertBuilder.ca("Strict No SKI CA").issuer(ROOT)
        .removeExtension(Oids.SUBJECT_KEY_ID).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).removeExtension(Oids.AUTHORITY_KEY_ID)
        .authorityKeyId(new byte[] {5, 5}).build();
    breaks(Rule.SKI_MISSING, 1, strict(List.of(leaf, ca), List.of(ROOT), HOST,
        StrictOptions.defaults()));
    // An end-entity without one is fine.
    clean(strict(leaf().removeExtension(Oids.SUBJECT_KEY_ID).build()));
  }

  @Test
  void skiCritical() {
    VerificationResult r = strict(leaf().critical(Oids.SUBJECT_KEY_ID, true).build());
    assertEquals(List.of(Rule.FIREFOX, Rule.SKI_CRITICAL), rules(r));
    assertFalse(r.isValid());
    clean(strict(leaf().critical(Oids.SUBJECT_KEY_ID, false).build()));
  }

  @Test
  void basicConstraintsNotCritical() {
    TestCert root = CertBuilder.root("Strict BC Root").critical(Oids.BASIC_CONSTRAINTS, false)
        .build();
    TestCert ca = CertBuilder.ca("Strict BC CA").issuer(root).build();
    breaks(Rule.BASIC_CONSTRAINTS_NOT_CRITICAL, 2, strict(List.of(
        CertBuilder.leaf(HOST).issuer(ca).build(), ca), List.of(root), HOST,
        StrictOptions.defaults()));
    // An end-entity's cA=FALSE basicConstraints may be non-critical.
    clean(strict(leaf().basicConstraints(false).critical(Oids.BASIC_CONSTRAINTS, false)
        .build()));
  }

  @Test
  void nameConstraintsInEndEntity() {
    breaks(Rule.NAME_CONSTRAINTS_IN_END_ENTITY, 0,
        strict(leaf().permitted(GeneralName.dns("example.com")).build()));
    TestCert ca = CertBuilder.ca("Strict NC CA").issuer(ROOT)
        .permitted(GeneralName.dns("example.com")).build();
    clean(strict(List.of(CertBuilder.leaf(HOST).issuer(ca).build(), ca), List.of(ROOT), HOST,
        StrictOptions.defaults()));
  }

  @Test
  void policyConstraintsNotCritical() {
    TestCert bad = CertBuilder.ca("Strict PC CA").issuer(ROOT).policyConstraints(0, null)
        .critical(Oids.POLICY_CONSTRAINTS, false).build();
    breaks(Rule.POLICY_CONSTRAINTS_NOT_CRITICAL, 1, strict(List.of(
        CertBuilder.leaf(HOST).issuer(bad).build(), bad), List.of(ROOT), HOST,
        StrictOptions.defaults()));
    TestCert good = CertBuilder.ca("Strict PC CA 2").issuer(ROOT).policyConstraints(0, null)
        .build();
    clean(strict(List.of(CertBuilder.leaf(HOST).issuer(good).build(), good), List.of(ROOT),
        HOST, StrictOptions.defaults()));
  }

  @Test
  void aiaCritical() {
    breaks(Rule.AIA_CRITICAL, 0, strict(leaf().ocspUrl("http://ocsp.example.com")
        .critical(Oids.AUTHORITY_INFO_ACCESS, true).build()));
    clean(strict(leaf().ocspUrl("http://ocsp.example.com").build()));
  }

  @Test
  void aiaMalformed() {
    breaks(Rule.AIA_MALFORMED, 0, strict(leaf()
        .extension(Oids.AUTHORITY_INFO_ACCESS, false, Der.seq()).build()));
    breaks(Rule.AIA_MALFORMED, 0, strict(leaf()
        .extension(Oids.AUTHORITY_INFO_ACCESS, false,
            Der.seq(Der.seq(Der.oid(Oids.AD_OCSP), Der.ia5("http://x")))).build()));
    clean(strict(leaf().caIssuersUrl("http://ca.example.com/ca.der").build()));
  }

  @Test
  void sanNotCriticalWithEmptySubject() {
    breaks(Rule.SAN_NOT_CRITICAL_WITH_EMPTY_SUBJECT, 0, strict(leaf().emptySubject().build()));
    clean(strict(leaf().emptySubject().critical(Oids.SUBJECT_ALT_NAME, true).build()));
  }

  @Test
  void sanDnsNameSyntax() {
    String underscore = "foo_bar.example.com";
    breaks(Rule.SAN_DNS_NAME_SYNTAX, 0, strict(List.of(CertBuilder.leaf(underscore).issuer(CA)
        .build(), CA), List.of(ROOT), underscore, StrictOptions.defaults()));
    String hyphen = "foo-bar.example.com";
    clean(strict(List.of(CertBuilder.leaf(hyphen).issuer(CA).build(), CA), List.of(ROOT),
        hyphen, StrictOptions.defaults()));
  }

  // ---- Web PKI profile ----

  @Test
  void caAsLeaf() {
    VerificationResult r = strict(leaf().basicConstraints(true).build());
    assertTrue(rules(r).contains(Rule.CA_AS_LEAF), r.violations().toString());
    assertFalse(r.isValid());
    clean(strict(leaf().basicConstraints(false).build()));
  }

  @Test
  void sanMissing() {
    TestCert noSan = leaf().removeExtension(Oids.SUBJECT_ALT_NAME).build();
    breaks(Rule.SAN_MISSING, 0, strict(List.of(noSan, CA), List.of(ROOT), null,
        StrictOptions.defaults()));
    clean(strict(List.of(leaf().build(), CA), List.of(ROOT), null, StrictOptions.defaults()));
  }

  @Test
  void ekuMissingAndClientChainsAreNotHeldToIt() throws Exception {
    TestCert noEku = leaf().removeExtension(Oids.EXT_KEY_USAGE).build();
    breaks(Rule.EKU_MISSING, 0, strict(noEku));
    Verifier v = Verifier.withRoots(List.of(ROOT.der())).withCt(CtSettings.OFF)
        .withProfile(Profile.STRICT, null);
    VerificationResult client = v.verifyChain(List.of(noEku.der(), CA.der()), NOW,
        dev.pkixj.pkix.KeyPurposeId.ID_KP_CLIENT_AUTH);
    clean(client);
  }

  @Test
  void ekuCritical() {
    breaks(Rule.EKU_CRITICAL, 0, strict(leaf().critical(Oids.EXT_KEY_USAGE, true).build()));
    clean(strict(leaf().critical(Oids.EXT_KEY_USAGE, false).build()));
  }

  @Test
  void ekuAny() {
    breaks(Rule.EKU_ANY, 0, strict(leaf().extendedKeyUsage(Oids.SERVER_AUTH, Oids.ANY_EKU)
        .build()));
    clean(strict(leaf().extendedKeyUsage(Oids.SERVER_AUTH).build()));
  }

  @Test
  void rootHasEku() {
    TestCert root = CertBuilder.root("Strict EKU Root").extendedKeyUsage(Oids.SERVER_AUTH)
        .build();
    TestCert ca = CertBuilder.ca("Strict EKU CA").issuer(root).build();
    breaks(Rule.ROOT_HAS_EKU, 2, strict(List.of(CertBuilder.leaf(HOST).issuer(ca).build(), ca),
        List.of(root), HOST, StrictOptions.defaults()));
    TestCert ca2 = CertBuilder.ca("Strict EKU CA 2").issuer(ROOT)
        .extendedKeyUsage(Oids.SERVER_AUTH).build();
    clean(strict(List.of(CertBuilder.leaf(HOST).issuer(ca2).build(), ca2), List.of(ROOT), HOST,
        StrictOptions.defaults()));
    // A self-signed leaf trusted directly is not a root CA: its serverAuth EKU is required.
    TestCert selfSigned = CertBuilder.leaf(HOST).build();
    clean(strict(List.of(selfSigned), List.of(selfSigned), HOST, StrictOptions.defaults()));
  }

  @Test
  void akiInvalid() {
    byte[] withSerial = Der.seq(Der.implicit(0, false, CA.subjectKeyId()),
        Der.implicit(2, false, new byte[] {1}));
    breaks(Rule.AKI_INVALID, 0, strict(leaf().extension(Oids.AUTHORITY_KEY_ID, false, withSerial)
        .build()));
    byte[] noKeyId = Der.seq(Der.implicit(2, false, new byte[] {1}));
    breaks(Rule.AKI_INVALID, 0, strict(leaf().extension(Oids.AUTHORITY_KEY_ID, false, noKeyId)
        .build()));
    byte[] keyIdOnly = Der.seq(Der.implicit(0, false, CA.subjectKeyId()));
    clean(strict(leaf().extension(Oids.AUTHORITY_KEY_ID, false, keyIdOnly).build()));
  }

  @Test
  void rsaModulusSize() {
    breaks(Rule.RSA_MODULUS_SIZE, 0, strict(leaf().key(TestKeys.rsa(2052, "strict-2052"))
        .build()));
    clean(strict(leaf().key(TestKeys.rsa(2056, "strict-2056")).build()));
  }

  @Test
  void wildcardOverAPublicSuffix() {
    TestCert coUk = leaf().san(GeneralName.dns("*.co.uk")).build();
    breaks(Rule.WILDCARD_PUBLIC_SUFFIX, 0, strict(List.of(coUk, CA), List.of(ROOT),
        "example.co.uk", StrictOptions.defaults()));
    TestCert s3 = leaf().san(GeneralName.dns("*.s3.amazonaws.com")).build();
    breaks(Rule.WILDCARD_PUBLIC_SUFFIX, 0, strict(List.of(s3, CA), List.of(ROOT),
        "bucket.s3.amazonaws.com", StrictOptions.defaults()));
    // Matched exactly, or through a wildcard below the registrable domain: fine.
    TestCert both = leaf().san(GeneralName.dns("*.s3.amazonaws.com"),
        GeneralName.dns("s3.amazonaws.com")).build();
    clean(strict(List.of(both, CA), List.of(ROOT), "s3.amazonaws.com",
        StrictOptions.defaults()));
    TestCert below = leaf().san(GeneralName.dns("*.example.co.uk")).build();
    clean(strict(List.of(below, CA), List.of(ROOT), "www.example.co.uk",
        StrictOptions.defaults()));
  }

  // ---- Baseline Requirements under a public root ----

  private static CertBuilder brLeaf(String name) {
    Instant nb = Instant.parse("2026-05-01T00:00:00Z");
    return CertBuilder.leaf(name).issuer(CA).validity(nb, nb.plus(Duration.ofDays(90)));
  }

  private static VerificationResult publicStrict(TestCert leaf, String host) {
    return strict(List.of(leaf, CA), List.of(ROOT), host, publicRoot());
  }

  @Test
  void theBaselineLeafBreaksNoRuleUnderAPublicRoot() {
    clean(publicStrict(brLeaf(HOST).build(), HOST));
  }

  @Test
  void validityTooLong() {
    Instant nb = Instant.parse("2026-05-01T00:00:00Z");
    TestCert tooLong = brLeaf(HOST).validity(nb, nb.plus(Duration.ofDays(200))).build();
    breaks(Rule.VALIDITY_TOO_LONG, 0, publicStrict(tooLong, HOST));
    // The same leaf under a private root is not held to the BR.
    clean(strict(List.of(tooLong, CA), List.of(ROOT), HOST, StrictOptions.defaults()));
    clean(publicStrict(brLeaf(HOST).validity(nb, nb.plus(Duration.ofDays(200)).minusSeconds(1))
        .build(), HOST));
    // Before 15 March 2026 the limit was 398 days.
    Instant early = Instant.parse("2026-03-14T00:00:00Z");
    clean(publicStrict(brLeaf(HOST).validity(early, early.plus(Duration.ofDays(398))
        .minusSeconds(1)).build(), HOST));
    breaks(Rule.VALIDITY_TOO_LONG, 0, publicStrict(brLeaf(HOST).validity(early,
        early.plus(Duration.ofDays(398))).build(), HOST));
  }

  @Test
  void maxValidityFollowsTheIssuanceDate() {
    long day = 86_400;
    assertEquals(Long.MAX_VALUE, StrictChecks.maxValidity(
        Instant.parse("2012-06-30T23:59:59Z").getEpochSecond()));
    assertEquals(825 * day, StrictChecks.maxValidity(
        Instant.parse("2018-03-01T00:00:00Z").getEpochSecond()));
    assertEquals(398 * day, StrictChecks.maxValidity(
        Instant.parse("2020-09-01T00:00:00Z").getEpochSecond()));
    assertEquals(100 * day, StrictChecks.maxValidity(
        Instant.parse("2027-03-15T00:00:00Z").getEpochSecond()));
    assertEquals(47 * day, StrictChecks.maxValidity(
        Instant.parse("2029-03-15T00:00:00Z").getEpochSecond()));
  }

  @Test
  void serialLowEntropy() {
    breaks(Rule.SERIAL_LOW_ENTROPY, 0, publicStrict(brLeaf(HOST)
        .serialRaw(new byte[] {0x11, 2, 3, 4, 5, 6, 7}).build(), HOST));
    clean(publicStrict(brLeaf(HOST).serialRaw(new byte[] {0x11, 2, 3, 4, 5, 6, 7, 8}).build(),
        HOST));
  }

  @Test
  void keyUsageNotAllowed() {
    breaks(Rule.KEY_USAGE_NOT_ALLOWED, 0, publicStrict(brLeaf(HOST)
        .keyUsage(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT).build(), HOST));
    clean(publicStrict(brLeaf(HOST)
        .keyUsage(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT).build(), HOST));
    clean(publicStrict(brLeaf(HOST).key(TestKeys.rsa(2048, "strict-rsa-leaf"))
        .keyUsage(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT).build(), HOST));
  }

  @Test
  void cnNotInSan() {
    breaks(Rule.CN_NOT_IN_SAN, 0, publicStrict(brLeaf(HOST).subject("CN=other.example.com")
        .build(), HOST));
    clean(publicStrict(brLeaf(HOST).subject("CN=" + HOST).build(), HOST));
    // An IPv6 address: the RFC 5952 text only.
    TestCert upper = brLeaf("CN=2001:DB8::1").san(GeneralName.ip("2001:db8::1")).build();
    breaks(Rule.CN_NOT_IN_SAN, 0, publicStrict(upper, "2001:db8::1"));
    TestCert canonical = brLeaf("CN=2001:db8::1").san(GeneralName.ip("2001:db8::1")).build();
    assertEquals(List.of(Rule.INTERNAL_NAME), rules(publicStrict(canonical, "2001:db8::1")));
  }

  @Test
  void internalName() {
    TestCert internal = brLeaf("server.internal").build();
    breaks(Rule.INTERNAL_NAME, 0, publicStrict(internal, "server.internal"));
    TestCert privateIp = brLeaf("10.1.2.3").build();
    breaks(Rule.INTERNAL_NAME, 0, publicStrict(privateIp, "10.1.2.3"));
    clean(publicStrict(brLeaf("8.8.8.8").build(), "8.8.8.8"));
    clean(publicStrict(brLeaf("www.example.org").build(), "www.example.org"));
  }

  @Test
  void ipText() {
    assertEquals("2001:db8::1", IpText.format(Der.hex("20010db8000000000000000000000001")));
    assertEquals("2001:db8::1:0:0:1", IpText.format(Der.hex("20010db8000000000001000000000001")));
    assertEquals("2001:db8:0:1:1:1:1:1", IpText.format(Der.hex("20010db8000000010001000100010001")));
    assertEquals("::", IpText.format(new byte[16]));
    assertEquals("1.2.3.4", IpText.format(new byte[] {1, 2, 3, 4}));
  }
}
