package dev.pkixj.pkix.names;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.internal.EngineAccess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * TLS server host-name matching with the exact results of mozilla::pkix {@code
 * CheckCertHostname} ({@code pkixnames.cpp}) as Firefox calls it.
 *
 * <h2>Algorithm</h2>
 * <ol>
 *   <li>The end-entity's validity is parsed (as upstream); a malformed one, or notBefore after
 *       notAfter, gives {@link Result#SEC_ERROR_INVALID_TIME}.</li>
 *   <li>The reference identifier is classified: a valid reference DNS-ID (labels of
 *       {@code [A-Za-z0-9_-]}, 1–63 bytes, hyphens allowed at either end, at most 253 bytes
 *       including an optional trailing dot, last label not all digits) is matched against dNSName
 *       entries; otherwise an IPv6 literal, otherwise an IPv4 dotted quad (no leading zeros), is
 *       matched against iPAddress entries byte for byte; anything else is
 *       {@link Result#SSL_ERROR_BAD_CERT_DOMAIN} at once.</li>
 *   <li>SAN entries are read in order and the first match wins. Entries of another type are
 *       mismatches. A dNSName that is not a valid presented DNS-ID (no trailing dot, hyphens not at
 *       label edges, wildcard only as a whole {@code *} first label followed by at least two labels,
 *       not {@code xn--*}) is "invalid": under {@link InvalidEntryPolicy#HALT_ON_INVALID} it stops
 *       the search with {@link Result#SEC_ERROR_BAD_DER}; under {@link
 *       InvalidEntryPolicy#SKIP_INVALID} it is skipped. For IP references nothing is invalid
 *       (dNSNames are just mismatches), and the IP search always halts as upstream does.</li>
 *   <li>A SAN that is not exactly one SEQUENCE, a malformed TLV, or an unknown GeneralName tag
 *       met before a match is {@link Result#SEC_ERROR_BAD_DER} under either policy.</li>
 *   <li>No SAN, or no match: {@link Result#SSL_ERROR_BAD_CERT_DOMAIN}. The subject CN is never
 *       consulted (Firefox's policy).</li>
 * </ol>
 *
 * <p>All matching is done on bytes without allocating strings and without exceptions.
 */
public final class HostnameMatcher {
  private HostnameMatcher() {}

  /** What to do with a SAN entry whose name is not valid for its type. */
  public enum InvalidEntryPolicy {
    /** Stop with BAD_DER (Firefox, chain under a built-in root). */
    HALT_ON_INVALID,
    /** Ignore the entry and go on (Firefox otherwise, and on the time-error path). */
    SKIP_INVALID
  }

  /**
   * mozilla::pkix {@code CheckCertHostname} with Firefox's name-matching policy (no CN fallback).
   *
   * @param endEntity the parsed end-entity certificate
   * @param hostname the reference identifier's raw bytes, exactly as given (any bytes at all)
   * @param policy how invalid SAN entries met before a match are handled
   * @return {@link Result#SUCCESS}, {@link Result#SSL_ERROR_BAD_CERT_DOMAIN}, {@link
   *     Result#SEC_ERROR_BAD_DER} (the caller reports it as BAD_CERT_DOMAIN), {@link
   *     Result#SEC_ERROR_INVALID_TIME} if the validity does not parse (as upstream, which parses
   *     it first), or {@link Result#SEC_ERROR_INVALID_ARGS} for a null argument. Never throws.
   */
  public static Result checkCertHostname(Cert endEntity, byte[] hostname,
      InvalidEntryPolicy policy) {
    return checkCertHostname(endEntity, hostname, policy, false);
  }

  /**
   * The same with mozilla::pkix's optional common-name fallback (the legacy
   * {@code security.pki.name_matching_mode}, and the upstream tests' default policy): while no
   * dNSName or iPAddress SAN entry has been seen, the most specific subject CN is matched as a
   * DNS name or an IPv4 address. Firefox no longer uses it.
   */
  static Result checkCertHostname(Cert endEntity, byte[] hostname, InvalidEntryPolicy policy,
      boolean fallBackToCommonName) {
    if (endEntity == null || hostname == null || policy == null) {
      return Result.SEC_ERROR_INVALID_ARGS;
    }
    try {
      EngineAccess.get().notBefore(endEntity); // ParseValidity, memoized in the certificate
    } catch (PkixException e) {
      return Result.SEC_ERROR_INVALID_TIME;
    }
    Input san = endEntity.subjectAltName();
    Input subject = endEntity.subject();
    int m;
    if (DnsIds.isValidDnsId(hostname, 0, hostname.length, DnsIds.ROLE_REFERENCE, false)) {
      m = NameSearch.searchNames(san, subject, NameSearch.DNS_NAME, hostname, 0, hostname.length,
          fallBackToCommonName, policy == InvalidEntryPolicy.SKIP_INVALID);
    } else {
      byte[] address = new byte[16];
      if (IpAddresses.parseIPv6(hostname, 0, hostname.length, address)) {
        // No CN fallback for IPv6; the IP searches always halt on invalid entries.
        m = NameSearch.searchNames(san, subject, NameSearch.IP_ADDRESS, address, 0, 16,
            false, false);
      } else if (IpAddresses.parseIPv4(hostname, 0, hostname.length, address, 0)) {
        m = NameSearch.searchNames(san, subject, NameSearch.IP_ADDRESS, address, 0, 4,
            fallBackToCommonName, false);
      } else {
        return Result.SSL_ERROR_BAD_CERT_DOMAIN;
      }
    }
    if (m == NameSearch.MATCH) {
      return Result.SUCCESS;
    }
    if (m < 0) {
      return Result.SEC_ERROR_BAD_DER; // only BAD_DER can come out of a host-name search
    }
    return Result.SSL_ERROR_BAD_CERT_DOMAIN;
  }

  /**
   * The dNSName SAN entries, in order, as Firefox lists them on the certificate error page
   * ({@code nsNSSCertificate::GetSubjectAltNames}): the list is decoded strictly, and if it does
   * not decode (not one SEQUENCE, bad TLV, unknown GeneralName tag) there are no names at all, as
   * when NSS's {@code CERT_DecodeAltNameExtension} fails; a dNSName containing non-ASCII bytes is
   * skipped. Never throws; never null.
   */
  public static List<String> dnsNamesForErrorPage(Cert endEntity) {
    if (endEntity == null || endEntity.subjectAltName() == null) {
      return Collections.emptyList();
    }
    NameReader altNames = new NameReader(endEntity.subjectAltName());
    if (!altNames.enterOnly(NameReader.SEQUENCE)) {
      return Collections.emptyList();
    }
    List<String> names = new ArrayList<>();
    while (!altNames.atEnd()) {
      if (!altNames.read() || !NameSearch.isGeneralNameTag(altNames.tag)) {
        return Collections.emptyList();
      }
      if (altNames.tag == NameSearch.DNS_NAME && isAscii(altNames.buf, altNames.valueOff,
          altNames.valueLen)) {
        names.add(new String(altNames.buf, altNames.valueOff, altNames.valueLen,
            StandardCharsets.US_ASCII));
      }
    }
    return Collections.unmodifiableList(names);
  }

  private static boolean isAscii(byte[] b, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** mozilla::pkix {@code IsValidReferenceDNSID}. */
  public static boolean isValidReferenceDnsId(byte[] name) {
    return name != null
        && DnsIds.isValidDnsId(name, 0, name.length, DnsIds.ROLE_REFERENCE, false);
  }

  /** mozilla::pkix {@code IsValidPresentedDNSID} (wildcards allowed). */
  public static boolean isValidPresentedDnsId(byte[] name) {
    return name != null
        && DnsIds.isValidDnsId(name, 0, name.length, DnsIds.ROLE_PRESENTED, true);
  }

  /** mozilla::pkix {@code ParseIPv4Address}: the 4 address bytes, or null if not valid. */
  public static byte[] parseIPv4(byte[] text) {
    byte[] out = new byte[4];
    return text != null && IpAddresses.parseIPv4(text, 0, text.length, out, 0) ? out : null;
  }

  /** mozilla::pkix {@code ParseIPv6Address}: the 16 address bytes, or null if not valid. */
  public static byte[] parseIPv6(byte[] text) {
    byte[] out = new byte[16];
    return text != null && IpAddresses.parseIPv6(text, 0, text.length, out) ? out : null;
  }

  /**
   * mozilla::pkix {@code MatchPresentedDNSIDWithReferenceDNSID} in the reference-ID role, for
   * tests: {@link Result#SUCCESS} with {@code true}/{@code false} folded into SUCCESS vs
   * SSL_ERROR_BAD_CERT_DOMAIN, or SEC_ERROR_BAD_DER when a name is invalid.
   */
  static Result matchPresentedDnsId(byte[] presented, byte[] reference) {
    int m = DnsIds.matchDnsId(presented, 0, presented.length, true, true,
        DnsIds.ROLE_REFERENCE, DnsIds.SUBTREES_NONE, reference, 0, reference.length);
    return m == NameSearch.MATCH ? Result.SUCCESS
        : m == NameSearch.MISMATCH ? Result.SSL_ERROR_BAD_CERT_DOMAIN : Result.SEC_ERROR_BAD_DER;
  }
}
