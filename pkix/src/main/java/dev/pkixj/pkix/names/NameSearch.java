package dev.pkixj.pkix.names;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.der.Input;

/**
 * The search shared by host-name matching and name-constraint checking: mozilla::pkix {@code
 * SearchNames} and everything below it. Using one code path for both keeps the two in agreement on
 * which names a certificate presents (which CN counts, which character sets are read, …).
 *
 * <p>Results are ints: {@link #NO_NAMES_OF_TYPE}, {@link #MISMATCH} and {@link #MATCH} (the
 * {@code MatchResult}) are non-negative; errors are negative ({@link #ERR_BAD_DER}, {@link
 * #ERR_NOT_IN_NAME_SPACE}). No exception is thrown for any input.
 */
final class NameSearch {
  private NameSearch() {}

  static final int NO_NAMES_OF_TYPE = 0;
  static final int MISMATCH = 1;
  static final int MATCH = 2;
  static final int ERR_BAD_DER = -1;
  static final int ERR_NOT_IN_NAME_SPACE = -2;

  // GeneralName tags (RFC 5280 §4.2.1.6), class and constructed bits included.
  static final int OTHER_NAME = 0xa0;
  static final int RFC822_NAME = 0x81;
  static final int DNS_NAME = 0x82;
  static final int X400_ADDRESS = 0xa3;
  static final int DIRECTORY_NAME = 0xa4;
  static final int EDI_PARTY_NAME = 0xa5;
  static final int URI = 0x86;
  static final int IP_ADDRESS = 0x87;
  static final int REGISTERED_ID = 0x88;
  /** Pseudo type: the "reference" is a whole NameConstraints value. */
  static final int NAME_CONSTRAINTS = 0xff;

  private static final byte[] ID_AT_COMMON_NAME = {0x55, 0x04, 0x03};
  private static final byte[] ID_EMAIL_ADDRESS =
      {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x09, 0x01};

  static boolean isGeneralNameTag(int tag) {
    switch (tag) {
      case OTHER_NAME:
      case RFC822_NAME:
      case DNS_NAME:
      case X400_ADDRESS:
      case DIRECTORY_NAME:
      case EDI_PARTY_NAME:
      case URI:
      case IP_ADDRESS:
      case REGISTERED_ID:
        return true;
      default:
        return false;
    }
  }

  /**
   * mozilla::pkix {@code SearchNames}.
   *
   * @param subjectAltName the SAN extnValue (a GeneralNames TLV), or null when absent
   * @param subject the subject Name TLV
   * @param refType {@link #DNS_NAME} (the reference must be a valid reference DNS-ID), {@link
   *     #IP_ADDRESS} or {@link #NAME_CONSTRAINTS}
   * @param fallBackToCommonName consider the most specific subject CN as a DNS name / IPv4
   *     address while no dNSName or iPAddress SAN entry has been seen
   * @param skipInvalid skip SAN entries whose matching fails (not parse errors of the list)
   */
  static int searchNames(Input subjectAltName, Input subject, int refType,
      byte[] rb, int rOff, int rLen, boolean fallBackToCommonName, boolean skipInvalid) {
    int match = NO_NAMES_OF_TYPE;

    if (subjectAltName != null) {
      NameReader altNames = new NameReader(subjectAltName);
      if (!altNames.enterOnly(NameReader.SEQUENCE)) {
        return ERR_BAD_DER;
      }
      // An empty GeneralNames is tolerated (bug 1143085).
      while (!altNames.atEnd()) {
        if (!altNames.read() || !isGeneralNameTag(altNames.tag)) {
          return ERR_BAD_DER; // halts under every policy
        }
        int type = altNames.tag;
        int m = matchPresentedWithReference(type, altNames.buf, altNames.valueOff,
            altNames.valueLen, refType, rb, rOff, rLen, match);
        if (m < 0) {
          if (skipInvalid) {
            continue; // note: a skipped entry does not disable the CN fallback
          }
          return m;
        }
        match = m;
        if (refType != NAME_CONSTRAINTS && match == MATCH) {
          return MATCH;
        }
        if (type == DNS_NAME || type == IP_ADDRESS) {
          fallBackToCommonName = false;
        }
      }
    }

    if (refType == NAME_CONSTRAINTS) {
      // Every certificate presents its subject as a directoryName.
      int rv = checkConformsToConstraints(DIRECTORY_NAME, unsafeGetData(subject), subject.off(),
          subject.len(), rb, rOff, rLen);
      if (rv < 0) {
        return rv;
      }
    }

    // Subject emailAddress attributes are constrained only when there is no SAN extension at all.
    boolean fallBackToEmailAddress = subjectAltName == null && refType == NAME_CONSTRAINTS;
    if (!fallBackToEmailAddress && !fallBackToCommonName) {
      return match;
    }

    // Name ::= SEQUENCE OF RelativeDistinguishedName (may be empty);
    // RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue.
    NameReader rdns = new NameReader(subject);
    if (!rdns.expect(NameReader.SEQUENCE)) {
      return ERR_BAD_DER;
    }
    rdns = rdns.child();
    while (!rdns.atEnd()) {
      if (!rdns.expect(NameReader.SET)) {
        return ERR_BAD_DER;
      }
      NameReader rdn = rdns.child();
      do {
        if (!rdn.readAva()) {
          return ERR_BAD_DER;
        }
        match = matchAva(rdn, refType, rb, rOff, rLen, fallBackToEmailAddress,
            fallBackToCommonName, match);
        if (match < 0) {
          return match;
        }
      } while (!rdn.atEnd());
    }
    return match;
  }

  /** mozilla::pkix {@code MatchAVA}, for the AVA just read by {@code ava.readAva()}. */
  private static int matchAva(NameReader ava, int refType, byte[] rb, int rOff, int rLen,
      boolean fallBackToEmailAddress, boolean fallBackToCommonName, int match) {
    byte[] b = ava.buf;
    if (fallBackToCommonName
        && equals(b, ava.avaTypeOff, ava.avaTypeLen, ID_AT_COMMON_NAME)) {
      // Only the most specific (last) CN counts: forget what an earlier one decided.
      match = NO_NAMES_OF_TYPE;
      int valueTag = ava.avaValueTag;
      if (valueTag != NameReader.PRINTABLE_STRING && valueTag != NameReader.UTF8_STRING
          && valueTag != NameReader.TELETEX_STRING) {
        return match;
      }
      int vOff = ava.avaValueOff;
      int vLen = ava.avaValueLen;
      if (DnsIds.isValidDnsId(b, vOff, vLen, DnsIds.ROLE_PRESENTED, true)) {
        return matchSubjectPresented(DNS_NAME, b, vOff, vLen, refType, rb, rOff, rLen, match);
      }
      // Not a DNS name: maybe an IPv4 address (never IPv6 in a CN).
      byte[] ipv4 = new byte[4];
      if (IpAddresses.parseIPv4(b, vOff, vLen, ipv4, 0)) {
        return matchSubjectPresented(IP_ADDRESS, ipv4, 0, 4, refType, rb, rOff, rLen, match);
      }
      return match; // neither: this CN constrains and matches nothing
    }

    if (fallBackToEmailAddress
        && equals(b, ava.avaTypeOff, ava.avaTypeLen, ID_EMAIL_ADDRESS)) {
      if (ava.avaValueTag != NameReader.IA5_STRING) {
        return ERR_BAD_DER;
      }
      return matchPresentedWithReference(RFC822_NAME, b, ava.avaValueOff, ava.avaValueLen,
          refType, rb, rOff, rLen, match);
    }
    return match;
  }

  /** A name from the subject: any error just makes it a mismatch. */
  private static int matchSubjectPresented(int type, byte[] pb, int pOff, int pLen, int refType,
      byte[] rb, int rOff, int rLen, int match) {
    int m = matchPresentedWithReference(type, pb, pOff, pLen, refType, rb, rOff, rLen, match);
    return m < 0 ? MISMATCH : m;
  }

  /** mozilla::pkix {@code MatchPresentedIDWithReferenceID}; returns the new match or an error. */
  static int matchPresentedWithReference(int presentedType, byte[] pb, int pOff, int pLen,
      int refType, byte[] rb, int rOff, int rLen, int match) {
    if (refType == NAME_CONSTRAINTS) {
      // Only pass/fail matters here; the match state is left as it was.
      int rv = checkConformsToConstraints(presentedType, pb, pOff, pLen, rb, rOff, rLen);
      return rv < 0 ? rv : match;
    }
    if (presentedType != refType) {
      return MISMATCH;
    }
    if (refType == DNS_NAME) {
      // searchNames is only given DNS references that passed IsValidReferenceDNSID.
      return DnsIds.matchDnsIdValidReference(pb, pOff, pLen, true, true, DnsIds.ROLE_REFERENCE,
          DnsIds.SUBTREES_NONE, rb, rOff, rLen);
    }
    // iPAddress: byte-for-byte, whatever the lengths.
    return equals(pb, pOff, pLen, rb, rOff, rLen) ? MATCH : MISMATCH;
  }

  /**
   * mozilla::pkix {@code CheckPresentedIDConformsToConstraints}: 0, {@link #ERR_BAD_DER} or
   * {@link #ERR_NOT_IN_NAME_SPACE}. The NameConstraints value is re-parsed for every presented
   * name, so malformed parts only matter when a name of their type is met, as upstream.
   */
  static int checkConformsToConstraints(int presentedType, byte[] pb, int pOff, int pLen,
      byte[] nb, int nOff, int nLen) {
    // NameConstraints ::= SEQUENCE { permittedSubtrees [0] OPTIONAL, excludedSubtrees [1] OPTIONAL }
    NameReader nc = new NameReader(nb, nOff, nLen);
    if (!nc.enterOnly(NameReader.SEQUENCE)) {
      return ERR_BAD_DER;
    }
    if (nc.atEnd()) {
      return ERR_BAD_DER; // RFC 5280: one of the two must be present
    }
    int rv = checkSubtrees(presentedType, pb, pOff, pLen, nc, DnsIds.SUBTREES_PERMITTED);
    if (rv < 0) {
      return rv;
    }
    rv = checkSubtrees(presentedType, pb, pOff, pLen, nc, DnsIds.SUBTREES_EXCLUDED);
    if (rv < 0) {
      return rv;
    }
    return nc.atEnd() ? 0 : ERR_BAD_DER;
  }

  /** mozilla::pkix {@code CheckPresentedIDConformsToNameConstraintsSubtrees}. */
  private static int checkSubtrees(int presentedType, byte[] pb, int pOff, int pLen,
      NameReader nc, int subtreesTag) {
    if (!nc.peek(subtreesTag)) {
      return 0;
    }
    if (!nc.expect(subtreesTag)) {
      return ERR_BAD_DER;
    }
    NameReader subtrees = nc.child();
    boolean hasPermittedMatch = false;
    boolean hasPermittedMismatch = false;
    int presentedDnsValid = 0; // 0 not yet checked, 1 valid, -1 invalid

    // GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree, so at least one is read.
    do {
      // GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }
      if (!subtrees.expect(NameReader.SEQUENCE)) {
        return ERR_BAD_DER;
      }
      NameReader subtree = subtrees.child();
      if (!subtree.read() || !isGeneralNameTag(subtree.tag)) {
        return ERR_BAD_DER;
      }
      int constraintType = subtree.tag;
      int baseOff = subtree.valueOff;
      int baseLen = subtree.valueLen;
      // RFC 5280 profile: minimum is 0 (so, in DER, absent) and maximum absent.
      if (!subtree.atEnd()) {
        return ERR_BAD_DER;
      }
      if (presentedType != constraintType) {
        continue;
      }
      byte[] base = subtree.buf;
      int m;
      switch (presentedType) {
        case DNS_NAME:
          // As DnsIds.matchDnsId(presented, base), with the presented ID validated only once.
          if (!DnsIds.isValidDnsId(base, baseOff, baseLen, DnsIds.ROLE_CONSTRAINT, false)) {
            return ERR_BAD_DER;
          }
          if (presentedDnsValid == 0) {
            presentedDnsValid = DnsIds.isValidDnsId(pb, pOff, pLen, DnsIds.ROLE_PRESENTED, true)
                ? 1 : -1;
          }
          if (presentedDnsValid < 0) {
            return ERR_BAD_DER;
          }
          m = DnsIds.matchValidDnsIds(pb, pOff, pLen, true, DnsIds.ROLE_CONSTRAINT, subtreesTag,
              base, baseOff, baseLen);
          break;
        case IP_ADDRESS:
          m = matchIpAddressConstraint(pb, pOff, pLen, base, baseOff, baseLen);
          break;
        case DIRECTORY_NAME:
          m = matchDirectoryNameConstraint(subtreesTag, pb, pOff, pLen, base, baseOff, baseLen);
          break;
        case RFC822_NAME:
          m = DnsIds.matchRfc822Name(pb, pOff, pLen, DnsIds.ROLE_CONSTRAINT, subtreesTag,
              base, baseOff, baseLen);
          break;
        default:
          // otherName, x400Address, ediPartyName, URI, registeredID: constraints on these forms
          // are not evaluated, so a name of a constrained form is never in the name space.
          return ERR_NOT_IN_NAME_SPACE;
      }
      if (m < 0) {
        return m;
      }
      boolean matches = m == MATCH;
      if (subtreesTag == DnsIds.SUBTREES_PERMITTED) {
        if (matches) {
          hasPermittedMatch = true;
        } else {
          hasPermittedMismatch = true;
        }
      } else if (matches) {
        return ERR_NOT_IN_NAME_SPACE;
      }
    } while (!subtrees.atEnd());

    // Some permitted constraint of this type existed, and none matched.
    if (hasPermittedMismatch && !hasPermittedMatch) {
      return ERR_NOT_IN_NAME_SPACE;
    }
    return 0;
  }

  /**
   * mozilla::pkix {@code MatchPresentedIPAddressWithConstraint}: the address must be 4 or 16
   * bytes and the constraint 8 or 32 (address then mask), else BAD_DER; an IPv4 address never
   * matches an IPv6 constraint and vice versa. The mask's shape is not checked (bug 1089430).
   */
  private static int matchIpAddressConstraint(byte[] pb, int pOff, int pLen,
      byte[] cb, int cOff, int cLen) {
    if (pLen != 4 && pLen != 16) {
      return ERR_BAD_DER;
    }
    if (cLen != 8 && cLen != 32) {
      return ERR_BAD_DER;
    }
    if (pLen * 2 != cLen) {
      return MISMATCH;
    }
    for (int i = 0; i < pLen; i++) {
      int address = cb[cOff + i] & 0xff;
      int mask = cb[cOff + pLen + i] & 0xff;
      if ((((pb[pOff + i] & 0xff) ^ address) & mask) != 0) {
        return MISMATCH;
      }
    }
    return MATCH;
  }

  /**
   * mozilla::pkix {@code MatchPresentedDirectoryNameWithConstraint}. Permitted: the constraint's
   * RDNs must be a prefix of the presented RDNs, each RDN's AVAs equal in order (type and value
   * bytes; UTF8String and PrintableString tags are interchangeable). Excluded: any non-empty
   * constraint or non-empty presented name is out of the name space; two empty names match.
   */
  private static int matchDirectoryNameConstraint(int subtreesTag, byte[] pb, int pOff, int pLen,
      byte[] cb, int cOff, int cLen) {
    NameReader constraintRdns = new NameReader(cb, cOff, cLen);
    if (!constraintRdns.enterOnly(NameReader.SEQUENCE)) {
      return ERR_BAD_DER;
    }
    NameReader presentedRdns = new NameReader(pb, pOff, pLen);
    if (!presentedRdns.enterOnly(NameReader.SEQUENCE)) {
      return ERR_BAD_DER;
    }
    if (subtreesTag == DnsIds.SUBTREES_EXCLUDED) {
      if (!constraintRdns.atEnd() || !presentedRdns.atEnd()) {
        return ERR_NOT_IN_NAME_SPACE;
      }
      return MATCH;
    }
    for (;;) {
      if (constraintRdns.atEnd()) {
        return MATCH;
      }
      if (presentedRdns.atEnd()) {
        return MISMATCH;
      }
      if (!constraintRdns.expect(NameReader.SET)) {
        return ERR_BAD_DER;
      }
      NameReader constraintRdn = constraintRdns.child();
      if (!presentedRdns.expect(NameReader.SET)) {
        return ERR_BAD_DER;
      }
      NameReader presentedRdn = presentedRdns.child();
      while (!constraintRdn.atEnd() && !presentedRdn.atEnd()) {
        if (!constraintRdn.readAva() || !presentedRdn.readAva()) {
          return ERR_BAD_DER;
        }
        int cTag = constraintRdn.avaValueTag;
        int pTag = presentedRdn.avaValueTag;
        boolean avasMatch =
            equals(cb, constraintRdn.avaTypeOff, constraintRdn.avaTypeLen,
                pb, presentedRdn.avaTypeOff, presentedRdn.avaTypeLen)
            && equals(cb, constraintRdn.avaValueOff, constraintRdn.avaValueLen,
                pb, presentedRdn.avaValueOff, presentedRdn.avaValueLen)
            && (cTag == pTag
                || (cTag == NameReader.UTF8_STRING && pTag == NameReader.PRINTABLE_STRING)
                || (cTag == NameReader.PRINTABLE_STRING && pTag == NameReader.UTF8_STRING));
        if (!avasMatch) {
          return MISMATCH;
        }
      }
      if (!constraintRdn.atEnd() || !presentedRdn.atEnd()) {
        return MISMATCH;
      }
    }
  }

  static boolean equals(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
    return aLen == bLen && java.util.Arrays.equals(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
  }

  private static boolean equals(byte[] a, int aOff, int aLen, byte[] expected) {
    return equals(a, aOff, aLen, expected, 0, expected.length);
  }
}
