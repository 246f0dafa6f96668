package dev.pkixj.pkix.names;

/**
 * DNS-ID and rfc822Name syntax and matching, byte for byte as mozilla::pkix {@code pkixnames.cpp}
 * ({@code IsValidDNSID}, {@code MatchPresentedDNSIDWithReferenceDNSID}, {@code
 * IsValidRFC822Name}, {@code MatchPresentedRFC822NameWithReferenceRFC822Name}), at the NSS
 * revision where reference-ID labels may begin or end with a hyphen.
 *
 * <p>Everything works on slices of byte arrays and returns plain values: {@link NameSearch#MATCH},
 * {@link NameSearch#MISMATCH} or {@link NameSearch#ERR_BAD_DER}. Nothing here allocates.
 */
final class DnsIds {
  private DnsIds() {}

  /** Who is holding the name, which decides the syntax it must have. */
  static final int ROLE_REFERENCE = 0;
  static final int ROLE_PRESENTED = 1;
  static final int ROLE_CONSTRAINT = 2;

  /** Which subtrees a constraint comes from (only meaningful for {@link #ROLE_CONSTRAINT}). */
  static final int SUBTREES_NONE = 0;
  static final int SUBTREES_PERMITTED = 0xa0;
  static final int SUBTREES_EXCLUDED = 0xa1;

  private static final int MAX_NAME_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = 63;

  /** Character classes for the DNS-ID scanner. */
  private static final byte OTHER = 0;
  private static final byte LETTER = 1; // letters and '_' (bug 1136616)
  private static final byte DIGIT = 2;
  private static final byte HYPHEN = 3;
  private static final byte DOT = 4;

  private static final byte[] DNS_CLASS = new byte[256];

  /** RFC 2822 atext, plus nothing else: the characters allowed in an rfc822Name local part. */
  private static final boolean[] ATEXT = new boolean[256];

  static {
    for (int c = 'a'; c <= 'z'; c++) {
      DNS_CLASS[c] = LETTER;
      DNS_CLASS[c - 'a' + 'A'] = LETTER;
      ATEXT[c] = true;
      ATEXT[c - 'a' + 'A'] = true;
    }
    for (int c = '0'; c <= '9'; c++) {
      DNS_CLASS[c] = DIGIT;
      ATEXT[c] = true;
    }
    DNS_CLASS['_'] = LETTER;
    DNS_CLASS['-'] = HYPHEN;
    DNS_CLASS['.'] = DOT;
    for (char c : "!#$%&'*+-/=?^_`{|}~".toCharArray()) {
      ATEXT[c] = true;
    }
  }

  static int toLower(int b) {
    return (b >= 'A' && b <= 'Z') ? b + ('a' - 'A') : b;
  }

  /** mozilla::pkix {@code IsValidDNSID}. */
  static boolean isValidDnsId(byte[] b, int off, int len, int role, boolean allowWildcards) {
    if (len > MAX_NAME_LENGTH) {
      return false;
    }
    int p = off;
    int end = off + len;
    if (role == ROLE_CONSTRAINT && len == 0) {
      return true; // the empty constraint matches everything
    }

    int dotCount = 0;
    int labelLength = 0;
    boolean labelIsAllNumeric = false;
    boolean labelEndsWithHyphen = false;

    // Only a whole first label of "*" can be a wildcard.
    boolean isWildcard = allowWildcards && p < end && b[p] == '*';
    boolean isFirstByte = !isWildcard;
    if (isWildcard) {
      p++;
      if (p >= end || b[p] != '.') {
        return false;
      }
      p++;
      dotCount++;
    }

    do {
      if (p >= end) {
        return false;
      }
      switch (DNS_CLASS[b[p++] & 0xff]) {
        case HYPHEN:
          // Only reference IDs may have labels that start with a hyphen.
          if (labelLength == 0 && role != ROLE_REFERENCE) {
            return false;
          }
          labelIsAllNumeric = false;
          labelEndsWithHyphen = true;
          if (++labelLength > MAX_LABEL_LENGTH) {
            return false;
          }
          break;
        case DIGIT:
          if (labelLength == 0) {
            labelIsAllNumeric = true;
          }
          labelEndsWithHyphen = false;
          if (++labelLength > MAX_LABEL_LENGTH) {
            return false;
          }
          break;
        case LETTER:
          labelIsAllNumeric = false;
          labelEndsWithHyphen = false;
          if (++labelLength > MAX_LABEL_LENGTH) {
            return false;
          }
          break;
        case DOT:
          dotCount++;
          // Empty labels are refused, except that a constraint may start with '.'.
          if (labelLength == 0 && (role != ROLE_CONSTRAINT || !isFirstByte)) {
            return false;
          }
          // Only reference IDs may have labels that end with a hyphen.
          if (labelEndsWithHyphen && role != ROLE_REFERENCE) {
            return false;
          }
          labelLength = 0;
          break;
        default:
          return false;
      }
      isFirstByte = false;
    } while (p < end);

    // Only reference IDs may be absolute (end with '.').
    if (labelLength == 0 && role != ROLE_REFERENCE) {
      return false;
    }
    if (labelEndsWithHyphen && role != ROLE_REFERENCE) {
      return false;
    }
    // The last label may not be all digits (this is not reset by a trailing dot).
    if (labelIsAllNumeric) {
      return false;
    }
    if (isWildcard) {
      int labelCount = (labelLength == 0) ? dotCount : dotCount + 1;
      // At least two labels must follow the wildcard label; no public-suffix check.
      if (labelCount < 3) {
        return false;
      }
      // As upstream: the check is on the whole name, which starts with '*' here.
      if (startsWithIdnaLabel(b, off, len)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithIdnaLabel(byte[] b, int off, int len) {
    return len >= 4 && b[off] == 'x' && b[off + 1] == 'n' && b[off + 2] == '-'
        && b[off + 3] == '-';
  }

  /**
   * mozilla::pkix {@code MatchPresentedDNSIDWithReferenceDNSID}: {@link NameSearch#MATCH}, {@link
   * NameSearch#MISMATCH}, or {@link NameSearch#ERR_BAD_DER} when either side is not a valid name
   * for its role.
   *
   * @param subtrees for {@link #ROLE_CONSTRAINT}: whether the constraint is permitted or excluded
   */
  static int matchDnsId(byte[] pb, int pOff, int pLen, boolean allowWildcards,
      boolean allowDotlessSubdomainMatches, int refRole, int subtrees,
      byte[] rb, int rOff, int rLen) {
    if (!isValidDnsId(rb, rOff, rLen, refRole, false)) {
      // Checked after the presented ID upstream; both failures give BAD_DER, so order is moot.
      return NameSearch.ERR_BAD_DER;
    }
    return matchDnsIdValidReference(pb, pOff, pLen, allowWildcards, allowDotlessSubdomainMatches,
        refRole, subtrees, rb, rOff, rLen);
  }

  /**
   * {@link #matchDnsId} for a reference already known to be valid for {@code refRole} (the
   * host-name search validates the reference once, where upstream re-validates it per entry).
   */
  static int matchDnsIdValidReference(byte[] pb, int pOff, int pLen, boolean allowWildcards,
      boolean allowDotlessSubdomainMatches, int refRole, int subtrees,
      byte[] rb, int rOff, int rLen) {
    if (!isValidDnsId(pb, pOff, pLen, ROLE_PRESENTED, allowWildcards)) {
      return NameSearch.ERR_BAD_DER;
    }
    return matchValidDnsIds(pb, pOff, pLen, allowDotlessSubdomainMatches, refRole, subtrees,
        rb, rOff, rLen);
  }

  /**
   * The comparison of {@link #matchDnsId} once both IDs are known to be valid (the presented one
   * with wildcards allowed): name-constraint checking validates a name once for all the subtrees
   * it is compared with, where upstream re-validates it per subtree (same results: every
   * validation failure is BAD_DER).
   */
  static int matchValidDnsIds(byte[] pb, int pOff, int pLen,
      boolean allowDotlessSubdomainMatches, int refRole, int subtrees,
      byte[] rb, int rOff, int rLen) {
    int p = pOff;
    int pEnd = pOff + pLen;
    int r = rOff;
    int rEnd = rOff + rLen;

    if (refRole == ROLE_CONSTRAINT && pLen > rLen) {
      if (rLen == 0) {
        return NameSearch.MATCH; // "" constrains nothing away
      }
      if (rb[rOff] == '.') {
        // ".example.com": compare from the dot that must sit at the same distance from the end.
        p += pLen - rLen;
      } else if (allowDotlessSubdomainMatches) {
        // "example.com": the presented name must have a whole extra label in front.
        p += pLen - rLen - 1;
        if (pb[p++] != '.') {
          return NameSearch.MISMATCH;
        }
      }
    }

    if (p < pEnd && pb[p] == '*') {
      p++;
      // Under a permitted constraint the wildcard matches nothing: "*.example.com" is within
      // "example.com" and ".example.com" (handled by the skip above) but not "foo.example.com".
      if (refRole != ROLE_CONSTRAINT
          || (subtrees != SUBTREES_NONE && subtrees != SUBTREES_PERMITTED)) {
        // '*' stands for one whole, non-empty label of the reference.
        do {
          if (r >= rEnd) {
            return NameSearch.MISMATCH;
          }
          r++;
        } while (!(r < rEnd && rb[r] == '.'));
      }
    }

    for (;;) {
      if (p >= pEnd || r >= rEnd) {
        return NameSearch.MISMATCH;
      }
      int pc = pb[p++] & 0xff;
      int rc = rb[r++] & 0xff;
      if (toLower(pc) != toLower(rc)) {
        return NameSearch.MISMATCH;
      }
      if (p == pEnd) {
        if (pc == '.') {
          return NameSearch.ERR_BAD_DER; // absolute presented IDs are not allowed
        }
        break;
      }
    }

    // A relative presented ID matches an absolute reference ID, but not an absolute constraint.
    if (r < rEnd) {
      if (refRole != ROLE_CONSTRAINT) {
        if (rb[r++] != '.') {
          return NameSearch.MISMATCH;
        }
      }
      if (r < rEnd) {
        return NameSearch.MISMATCH;
      }
    }
    return NameSearch.MATCH;
  }

  /** mozilla::pkix {@code IsValidRFC822Name}: {@code atom("." atom)*@domain}. */
  static boolean isValidRfc822Name(byte[] b, int off, int len) {
    int p = off;
    int end = off + len;
    boolean startOfAtom = true;
    while (p < end) {
      int c = b[p++] & 0xff;
      if (c == '.') {
        if (startOfAtom) {
          return false;
        }
        startOfAtom = true;
      } else if (c == '@') {
        if (startOfAtom) {
          return false;
        }
        return isValidDnsId(b, p, end - p, ROLE_PRESENTED, false);
      } else if (ATEXT[c]) {
        startOfAtom = false;
      } else {
        return false;
      }
    }
    return false; // no '@'
  }

  /**
   * mozilla::pkix {@code MatchPresentedRFC822NameWithReferenceRFC822Name}, for the reference-ID
   * and name-constraint roles.
   */
  static int matchRfc822Name(byte[] pb, int pOff, int pLen, int refRole, int subtrees,
      byte[] rb, int rOff, int rLen) {
    if (!isValidRfc822Name(pb, pOff, pLen)) {
      return NameSearch.ERR_BAD_DER;
    }
    if (refRole == ROLE_CONSTRAINT && indexOf(rb, rOff, rLen, '@') < 0) {
      // "example.com" (that host only) or ".example.com" (any host below it): compare the domain.
      int at = indexOf(pb, pOff, pLen, '@'); // present: the name is valid
      int dOff = at + 1;
      return matchDnsId(pb, dOff, pOff + pLen - dOff, false, false, ROLE_CONSTRAINT, subtrees,
          rb, rOff, rLen);
    }
    // A whole mailbox: the reference must itself be valid, and equal ignoring ASCII case.
    if (!isValidRfc822Name(rb, rOff, rLen)) {
      return NameSearch.ERR_BAD_DER;
    }
    if (pLen != rLen) {
      return NameSearch.MISMATCH;
    }
    for (int i = 0; i < pLen; i++) {
      if (toLower(pb[pOff + i] & 0xff) != toLower(rb[rOff + i] & 0xff)) {
        return NameSearch.MISMATCH;
      }
    }
    return NameSearch.MATCH;
  }

  private static int indexOf(byte[] b, int off, int len, int c) {
    for (int i = off, end = off + len; i < end; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
