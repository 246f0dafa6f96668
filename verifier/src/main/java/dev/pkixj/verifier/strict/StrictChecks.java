package dev.pkixj.verifier.strict;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.crl.Crl;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The strict profile's per-certificate and per-chain rules ({@link Rule}), applied to a chain
 * (end-entity first). Every rule is checked and every violation kept, not only the first
 * (docs/strict-profile.md).
 */
final class StrictChecks {
  private StrictChecks() {}

  private static final byte[] ANY_EKU = {0x55, 0x1d, 0x25, 0x00};
  private static final int KU_DIGITAL_SIGNATURE = 0;
  private static final int KU_NON_REPUDIATION = 1;
  private static final int KU_KEY_ENCIPHERMENT = 2;
  private static final int KU_DATA_ENCIPHERMENT = 3;
  private static final int KU_KEY_AGREEMENT = 4;
  private static final int KU_KEY_CERT_SIGN = 5;
  private static final int KU_CRL_SIGN = 6;
  private static final int KU_ENCIPHER_ONLY = 7;
  private static final int KU_DECIPHER_ONLY = 8;

  /**
   * Checks {@code chain}.
   *
   * @param complete whether the chain ends at a trust anchor (a built path) rather than being
   *     the partial path of a failed build
   * @param server whether the end-entity is a TLS server certificate (the Web PKI and BR leaf
   *     rules apply only then)
   * @param publicRoot whether the anchor is one of {@link StrictOptions#publicRoots()}
   */
  static List<Violation> check(List<Cert> chain, boolean complete, boolean server, String host,
      long time, StrictOptions options, boolean publicRoot) {
    List<Violation> out = new ArrayList<>();
    int n = chain.size();
    if (n == 0) {
      return out;
    }
    CertView[] views = new CertView[n];
    for (int i = 0; i < n; i++) {
      views[i] = new CertView(chain.get(i));
    }
    // Path: depth and key identifiers.
    if (complete && options.maxChainDepth() >= 0) {
      int intermediates = 0;
      for (int i = 1; i < n - 1; i++) {
        if (!chain.get(i).isSelfIssued()) {
          intermediates++;
        }
      }
      if (intermediates > options.maxChainDepth()) {
        out.add(Violation.of(Rule.MAX_CHAIN_DEPTH, n - 2));
      }
    }
    for (int i = 0; i < n; i++) {
      Input akid = views[i].akiKeyId();
      if (akid == null) {
        continue;
      }
      CertView issuer = i + 1 < n ? views[i + 1] : selfSigned(chain.get(i)) ? views[i] : null;
      Input skid = issuer == null ? null : issuer.skiKeyId();
      if (skid != null && !skid.contentEquals(akid)) {
        out.add(Violation.of(Rule.AKI_SKI_MISMATCH, i));
      }
    }
    // Revocation by the given CRLs: each certificate below the anchor, issuer from the chain
    // (only on a built path: on a failed one the next certificate may not be the issuer).
    if (complete && !options.crls().isEmpty()) {
      for (int i = 0; i + 1 < n; i++) {
        checkCrls(chain.get(i), views[i + 1], i, time, options.crls(), out);
      }
    }
    for (int i = 0; i < n; i++) {
      checkCertificate(views[i], i, i == n - 1 && complete, out);
    }
    if (server) {
      checkWebPkiLeaf(views[0], host, out);
      if (complete && n > 1) { // a trusted self-signed leaf is not a root CA
        CertView root = views[n - 1];
        if (selfSigned(root.cert) && root.get(CertView.EKU) != null) {
          out.add(Violation.of(Rule.ROOT_HAS_EKU, n - 1));
        }
      }
      if (complete && publicRoot) {
        checkBaselineLeaf(views[0], out);
      }
    }
    out.sort((a, b) -> a.rule() != b.rule()
        ? Integer.compare(a.rule().ordinal(), b.rule().ordinal())
        : Integer.compare(a.certIndex(), b.certIndex()));
    return out;
  }

  /**
   * The rules that can be read from a certificate Firefox cannot parse (its error comes first):
   * the criticality of the extensions mozilla::pkix does not know, which makes it refuse them.
   */
  static List<Violation> checkUnparsed(byte[] der, int index) {
    List<CertView.Ext> exts = new ArrayList<>();
    CertView.readExtensions(der, exts);
    List<Violation> out = new ArrayList<>();
    for (CertView.Ext e : exts) {
      if (e.critical() && e.oid().contentEquals(CertView.AKI)) {
        out.add(Violation.of(Rule.AKI_CRITICAL, index));
      } else if (e.critical() && e.oid().contentEquals(CertView.SKI)) {
        out.add(Violation.of(Rule.SKI_CRITICAL, index));
      }
    }
    return out;
  }

  static boolean selfSigned(Cert c) {
    return c.isSelfIssued() && InMemoryTrustDomain.verifiesWithOwnKey(c);
  }

  // ---- CRLs ----

  private static void checkCrls(Cert cert, CertView issuer, int index, long time,
      List<Crl> crls, List<Violation> out) {
    for (Crl crl : crls) {
      if (!crl.issuer().contentEquals(cert.issuer())) {
        continue; // another CA's CRL
      }
      if (crl.verifySignedBy(issuer.cert.subjectPublicKeyInfo()) != Result.SUCCESS) {
        out.add(Violation.of(Rule.CRL_BAD_SIGNATURE, index));
        continue;
      }
      if (issuer.cert.keyUsage() != null && !issuer.keyUsageBit(KU_CRL_SIGN)) {
        out.add(Violation.of(Rule.CRL_ISSUER_NO_CRLSIGN, index));
      }
      if (crl.version() != 1) {
        out.add(Violation.of(Rule.CRL_VERSION, index));
      }
      if (crl.crlNumber() == null) {
        out.add(Violation.of(Rule.CRL_NUMBER_MISSING, index));
      } else if (crl.crlNumber().critical()) {
        out.add(Violation.of(Rule.CRL_NUMBER_CRITICAL, index));
      }
      if (crl.hasUnknownCriticalExtension() || crl.hasCriticalEntryExtension()
          || crl.deltaCrlIndicator() != null) {
        out.add(Violation.of(Rule.CRL_UNKNOWN_CRITICAL_EXTENSION, index));
      }
      if (crl.thisUpdate() > time) {
        out.add(Violation.of(Rule.CRL_NOT_YET_VALID, index));
      }
      if (crl.hasNextUpdate() && crl.nextUpdate() < time) {
        out.add(Violation.of(Rule.CRL_EXPIRED, index));
      }
      if (inScope(crl, cert) && crl.isRevoked(cert.serialNumber())) {
        out.add(Violation.of(Rule.REVOKED, index));
      }
    }
  }

  /**
   * RFC 5280 §6.3.3 (b)(2): a CRL with an issuingDistributionPoint restricted to CA or user
   * certificates, to attribute certificates, or to some reasons only, does not cover {@code
   * cert} outside that scope; a CRL without one covers every certificate of its issuer.
   */
  private static boolean inScope(Crl crl, Cert cert) {
    Crl.Extension idp = crl.issuingDistributionPoint();
    if (idp == null) {
      return true;
    }
    boolean ca = new CertView(cert).isCa();
    try {
      DerReader r = idp.value().reader().expectNested(DerReader.SEQUENCE);
      while (!r.atEnd()) {
        int tag = r.readTlv();
        Input v = r.value();
        boolean set = v.len() == 1 && v.at(0) != 0;
        switch (tag & 0x1f) {
          case 1: // onlyContainsUserCerts
            if (set && ca) {
              return false;
            }
            break;
          case 2: // onlyContainsCACerts
            if (set && !ca) {
              return false;
            }
            break;
          case 3: // onlySomeReasons: a partial CRL is not taken as complete
          case 5: // onlyContainsAttributeCerts
            return false;
          default:
            break;
        }
      }
    } catch (PkixException e) {
      return true; // an undecodable scope does not narrow it
    }
    return true;
  }

  // ---- RFC 5280 profile, every certificate ----

  private static void checkCertificate(CertView v, int index, boolean anchor,
      List<Violation> out) {
    Cert c = v.cert;
    Input serial = c.serialNumber();
    int magnitude = serial.len();
    if (magnitude > 1 && serial.at(0) == 0) {
      magnitude--;
    }
    // A trust anchor's serial number plays no part in validation (RFC 5280 §6.1.1 (d) takes
    // the anchor as input; §4.1.2.2 asks users to handle non-conforming serials gracefully).
    if (!anchor && magnitude > 20) {
      out.add(Violation.of(Rule.SERIAL_TOO_LONG, index));
    }
    if (!anchor && ((serial.at(0) & 0x80) != 0 || (serial.len() == 1 && serial.at(0) == 0))) {
      out.add(Violation.of(Rule.SERIAL_NOT_POSITIVE, index));
    }
    boolean ca = v.isCa();
    boolean selfSigned = selfSigned(c);
    CertView.Ext aki = v.get(CertView.AKI);
    if (aki == null) {
      if (!selfSigned && c.version() == Cert.V3) {
        out.add(Violation.of(Rule.AKI_MISSING, index));
      }
    } else {
      if (aki.critical()) {
        out.add(Violation.of(Rule.AKI_CRITICAL, index));
      }
      if (!akiWellFormed(aki.value())) {
        out.add(Violation.of(Rule.AKI_INVALID, index));
      }
    }
    CertView.Ext ski = v.get(CertView.SKI);
    if (ski == null) {
      if (ca) {
        out.add(Violation.of(Rule.SKI_MISSING, index));
      }
    } else if (ski.critical()) {
      out.add(Violation.of(Rule.SKI_CRITICAL, index));
    }
    CertView.Ext bc = v.get(CertView.BC);
    if (ca && bc != null && !bc.critical()) {
      out.add(Violation.of(Rule.BASIC_CONSTRAINTS_NOT_CRITICAL, index));
    }
    if (!ca && index == 0 && v.get(CertView.NC) != null) {
      out.add(Violation.of(Rule.NAME_CONSTRAINTS_IN_END_ENTITY, index));
    }
    CertView.Ext pc = v.get(CertView.PC);
    if (pc != null && !pc.critical()) {
      out.add(Violation.of(Rule.POLICY_CONSTRAINTS_NOT_CRITICAL, index));
    }
    CertView.Ext aia = v.get(CertView.AIA);
    if (aia != null) {
      if (aia.critical()) {
        out.add(Violation.of(Rule.AIA_CRITICAL, index));
      }
      if (!aiaWellFormed(aia.value())) {
        out.add(Violation.of(Rule.AIA_MALFORMED, index));
      }
    }
    CertView.Ext san = v.get(CertView.SAN);
    if (san != null && !san.critical() && emptyName(c.subject())) {
      out.add(Violation.of(Rule.SAN_NOT_CRITICAL_WITH_EMPTY_SUBJECT, index));
    }
    int bits = v.rsaModulusBits();
    if (bits > 0 && bits % 8 != 0) {
      out.add(Violation.of(Rule.RSA_MODULUS_SIZE, index));
    }
  }

  private static boolean emptyName(Input name) {
    return name.len() == 2; // SEQUENCE {} (a Name TLV with no RDN)
  }

  /** AKI: a SEQUENCE with a keyIdentifier and neither authorityCertIssuer nor serial. */
  private static boolean akiWellFormed(Input value) {
    try {
      DerReader r = value.reader();
      DerReader seq = r.expectNested(DerReader.SEQUENCE);
      r.end();
      if (!seq.peek(DerReader.CONTEXT_SPECIFIC)) {
        return false;
      }
      seq.expectValue(DerReader.CONTEXT_SPECIFIC);
      return seq.atEnd();
    } catch (PkixException e) {
      return false;
    }
  }

  /** AuthorityInfoAccessSyntax: SEQUENCE SIZE (1..MAX) OF SEQUENCE { OID, GeneralName }. */
  private static boolean aiaWellFormed(Input value) {
    try {
      DerReader r = value.reader();
      DerReader seq = r.expectNested(DerReader.SEQUENCE);
      r.end();
      if (seq.atEnd()) {
        return false;
      }
      while (!seq.atEnd()) {
        DerReader ad = seq.expectNested(DerReader.SEQUENCE);
        ad.expectValue(DerReader.OID);
        int tag = ad.readTlv();
        if ((tag & DerReader.CONTEXT_SPECIFIC) == 0) {
          return false;
        }
        ad.end();
      }
      return true;
    } catch (PkixException e) {
      return false;
    }
  }

  // ---- Web PKI profile of a TLS server leaf ----

  private static void checkWebPkiLeaf(CertView leaf, String host, List<Violation> out) {
    if (leaf.isCa()) {
      out.add(Violation.of(Rule.CA_AS_LEAF, 0));
    }
    CertView.Ext san = leaf.get(CertView.SAN);
    if (san == null) {
      out.add(Violation.of(Rule.SAN_MISSING, 0));
    }
    CertView.Ext eku = leaf.get(CertView.EKU);
    if (eku == null) {
      out.add(Violation.of(Rule.EKU_MISSING, 0));
    } else {
      if (eku.critical()) {
        out.add(Violation.of(Rule.EKU_CRITICAL, 0));
      }
      if (ekuContains(eku.value(), ANY_EKU)) {
        out.add(Violation.of(Rule.EKU_ANY, 0));
      }
    }
    boolean badSyntax = false;
    // The host is matched only through wildcards over a public suffix: browsers never let such
    // a wildcard match (the CA cannot have validated the whole namespace, BR §3.2.2.6).
    boolean matchedOtherwise = false;
    boolean matchedByPublicWildcard = false;
    String h = host == null ? null : host.toLowerCase(java.util.Locale.ROOT);
    for (Object[] e : leaf.sanEntries()) {
      if ((int) e[0] != (DerReader.CONTEXT_SPECIFIC | 2)) {
        continue;
      }
      String dns = ascii((Input) e[1]);
      if (dns == null || !preferredSyntax(dns)) {
        badSyntax = true;
        continue;
      }
      if (h == null) {
        continue;
      }
      String d = dns.toLowerCase(java.util.Locale.ROOT);
      if (d.startsWith("*.")) {
        int dot = h.indexOf('.');
        if (dot > 0 && h.substring(dot + 1).equals(d.substring(2))) {
          if (PublicSuffixes.isPublicSuffix(d.substring(2))) {
            matchedByPublicWildcard = true;
          } else {
            matchedOtherwise = true;
          }
        }
      } else if (d.equals(h)) {
        matchedOtherwise = true;
      }
    }
    boolean publicWildcard = matchedByPublicWildcard && !matchedOtherwise;
    if (badSyntax) {
      out.add(Violation.of(Rule.SAN_DNS_NAME_SYNTAX, 0));
    }
    if (publicWildcard) {
      out.add(Violation.of(Rule.WILDCARD_PUBLIC_SUFFIX, 0));
    }
  }

  private static boolean ekuContains(Input value, byte[] oid) {
    try {
      DerReader seq = value.reader().expectNested(DerReader.SEQUENCE);
      while (!seq.atEnd()) {
        if (seq.expectValue(DerReader.OID).contentEquals(oid)) {
          return true;
        }
      }
    } catch (PkixException e) {
      return false;
    }
    return false;
  }

  private static String ascii(Input v) {
    StringBuilder sb = new StringBuilder(v.len());
    for (int i = 0; i < v.len(); i++) {
      int c = v.at(i);
      if (c >= 0x80) {
        return null;
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  /**
   * RFC 1034 §3.5 as modified by RFC 1123 §2.1: labels of letters, digits and hyphens, not
   * starting or ending with a hyphen, 1 to 63 characters; a leading "*" label is allowed (the
   * wildcard form the Web PKI uses).
   */
  static boolean preferredSyntax(String name) {
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    for (int i = 0; i < labels.length; i++) {
      String l = labels[i];
      if (i == 0 && l.equals("*") && labels.length > 1) {
        continue;
      }
      if (l.isEmpty() || l.length() > 63 || l.charAt(0) == '-' || l.charAt(l.length() - 1) == '-') {
        return false;
      }
      for (int j = 0; j < l.length(); j++) {
        char ch = l.charAt(j);
        if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9'
            || ch == '-')) {
          return false;
        }
      }
    }
    return true;
  }

  // ---- Baseline Requirements for a leaf under a public root ----

  private static final long DAY = 86_400;

  private static long epoch(int y, int m, int d) {
    return LocalDate.of(y, m, d).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }

  private static final long BR_EFFECTIVE = epoch(2012, 7, 1);
  private static final long BR_39_MONTHS = epoch(2015, 4, 1);
  private static final long BR_825_DAYS = epoch(2018, 3, 1);
  private static final long BR_398_DAYS = epoch(2020, 9, 1);
  private static final long BR_200_DAYS = epoch(2026, 3, 15);
  private static final long BR_100_DAYS = epoch(2027, 3, 15);
  private static final long BR_47_DAYS = epoch(2029, 3, 15);
  private static final long BR_SERIAL_64_BITS = epoch(2016, 9, 30);

  /** The longest validity period (seconds, notAfter − notBefore + 1) BR §6.3.2 allows. */
  static long maxValidity(long notBefore) {
    if (notBefore >= BR_47_DAYS) {
      return 47 * DAY;
    } else if (notBefore >= BR_100_DAYS) {
      return 100 * DAY;
    } else if (notBefore >= BR_200_DAYS) {
      return 200 * DAY;
    } else if (notBefore >= BR_398_DAYS) {
      return 398 * DAY;
    } else if (notBefore >= BR_825_DAYS) {
      return 825 * DAY;
    } else if (notBefore >= BR_39_MONTHS) {
      return plusMonths(notBefore, 39) - notBefore;
    } else if (notBefore >= BR_EFFECTIVE) {
      return plusMonths(notBefore, 60) - notBefore;
    }
    return Long.MAX_VALUE;
  }

  private static long plusMonths(long t, int months) {
    return java.time.Instant.ofEpochSecond(t).atOffset(ZoneOffset.UTC).plusMonths(months)
        .toEpochSecond();
  }

  private static void checkBaselineLeaf(CertView leaf, List<Violation> out) {
    Cert c = leaf.cert;
    long notBefore;
    long notAfter;
    try {
      DerReader validity = c.validity().reader();
      notBefore = validity.readTime();
      notAfter = validity.readTime();
    } catch (PkixException e) {
      return; // Firefox reports a bad validity
    }
    if (notAfter - notBefore + 1 > maxValidity(notBefore)) {
      out.add(Violation.of(Rule.VALIDITY_TOO_LONG, 0));
    }
    Input serial = c.serialNumber();
    int magnitude = serial.len() > 1 && serial.at(0) == 0 ? serial.len() - 1 : serial.len();
    if (notBefore >= BR_SERIAL_64_BITS && magnitude < 8) {
      out.add(Violation.of(Rule.SERIAL_LOW_ENTROPY, 0));
    }
    if (c.keyUsage() != null) {
      boolean ec = leaf.isEcKey();
      boolean rsa = leaf.rsaModulusBits() > 0;
      int[] forbidden = ec
          ? new int[] {KU_NON_REPUDIATION, KU_KEY_ENCIPHERMENT, KU_DATA_ENCIPHERMENT,
              KU_KEY_CERT_SIGN, KU_CRL_SIGN, KU_ENCIPHER_ONLY, KU_DECIPHER_ONLY}
          : new int[] {KU_NON_REPUDIATION, KU_DATA_ENCIPHERMENT, KU_KEY_AGREEMENT,
              KU_KEY_CERT_SIGN, KU_CRL_SIGN, KU_ENCIPHER_ONLY, KU_DECIPHER_ONLY};
      boolean bad = ec && !leaf.keyUsageBit(KU_DIGITAL_SIGNATURE);
      if (ec || rsa) {
        for (int bit : forbidden) {
          bad |= leaf.keyUsageBit(bit);
        }
      }
      if (bad) {
        out.add(Violation.of(Rule.KEY_USAGE_NOT_ALLOWED, 0));
      }
    }
    List<Object[]> san = leaf.sanEntries();
    List<String> sanText = new ArrayList<>();
    boolean internal = false;
    for (Object[] e : san) {
      int tag = (int) e[0];
      Input v = (Input) e[1];
      if (tag == (DerReader.CONTEXT_SPECIFIC | 2)) {
        String dns = ascii(v);
        if (dns != null) {
          sanText.add(dns);
          String base = dns.startsWith("*.") ? dns.substring(2) : dns;
          if (!base.contains(".") || !PublicSuffixes.hasKnownTopLevel(base)) {
            internal = true;
          }
        }
      } else if (tag == (DerReader.CONTEXT_SPECIFIC | 7)) {
        byte[] ip = v.toByteArray();
        String text = IpText.format(ip);
        if (text != null) {
          sanText.add(text);
        }
        if (IpText.isReserved(ip)) {
          internal = true;
        }
      }
    }
    for (String cn : leaf.commonNames()) {
      if (!sanText.contains(cn)) {
        out.add(Violation.of(Rule.CN_NOT_IN_SAN, 0));
        break;
      }
    }
    if (internal) {
      out.add(Violation.of(Rule.INTERNAL_NAME, 0));
    }
  }
}
