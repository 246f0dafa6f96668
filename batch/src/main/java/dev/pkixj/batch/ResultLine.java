package dev.pkixj.batch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import dev.pkixj.verifier.strict.Violation;

/**
 * Encodes {@link RecordResult}s as NDJSON lines into a growable byte buffer, without going through
 * a JSON library (this runs once per record on the hot path). Field order:
 *
 * <pre>
 * {"id","line","verdict","code","nss_code","cert_index","host","chain","issuer","error","entry_type",
 *  "ct_status","crlite","preloaded","onecrl"}
 * </pre>
 * {@code line} is present for NDJSON lines and CT entries, {@code host} when one was checked,
 * {@code issuer} for invalid records, {@code error} for malformed ones, {@code entry_type} for CT
 * entries; {@code code} and {@code nss_code} are null for a malformed record. {@code ct_status}
 * is always present: Certificate Transparency's status of the verification (compliant,
 * not_enough_scts, not_diverse_scts, not_applicable, exempt; docs/ct.md), null for a malformed
 * record. {@code crlite} is always present: CRLite's answer for the end-entity (off, revoked,
 * good, not_enrolled, not_covered, no_filter, stale; docs/crlite.md), null for a malformed
 * record. {@code preloaded} is always present: true if a preloaded intermediate (not sent, from
 * the stored collection; docs/intermediates.md) completed the chain built. {@code onecrl} is
 * always present: the id of the OneCRL entry that refused the chain (docs/onecrl.md), else null.
 * Lines written before these two keys existed lack them; readers take false and null. Under the
 * strict profile (docs/strict-profile.md) a last key, {@code violations}, lists every rule the
 * chain breaks, in priority order: {@code [{"rule","code","cert"}]} ({@code cert} = index in
 * {@code chain}, -1 for none); {@code code} is then the Firefox code the verdict is reported as
 * (the first violation's {@code code} is the strict one). Absent under the Firefox profile.
 */
public final class ResultLine {
  private byte[] buf = new byte[1 << 14];
  private int len;

  public void reset() {
    len = 0;
  }

  public byte[] buffer() {
    return buf;
  }

  public int length() {
    return len;
  }

  /** A copy of what was written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** Appends one line for {@code r}, ending with a newline. */
  public void append(RecordResult r) {
    raw("{\"id\":");
    string(r.id());
    if (r.line() >= 0) {
      raw(",\"line\":");
      raw(Long.toString(r.line()));
    }
    switch (r.verdict()) {
      case VALID:
        raw(",\"verdict\":\"valid\"");
        break;
      case INVALID:
        raw(",\"verdict\":\"invalid\"");
        break;
      default:
        raw(",\"verdict\":\"malformed\"");
    }
    if (r.result() == null) {
      raw(",\"code\":null,\"nss_code\":null,\"cert_index\":-1");
    } else {
      raw(",\"code\":\"");
      raw(r.result().firefoxName());
      raw("\",\"nss_code\":");
      raw(Integer.toString(r.result().nssCode()));
      raw(",\"cert_index\":");
      raw(Integer.toString(r.certIndex()));
    }
    if (r.host() != null) {
      raw(",\"host\":");
      string(r.host());
    }
    raw(",\"chain\":[");
    for (int i = 0; i < r.chain().size(); i++) {
      if (i > 0) {
        raw(",");
      }
      raw("\"");
      raw(r.chain().get(i));
      raw("\"");
    }
    raw("]");
    if (r.issuer() != null) {
      raw(",\"issuer\":");
      string(r.issuer());
    }
    if (r.error() != null) {
      raw(",\"error\":");
      string(r.error());
    }
    if (r.entryType() != null) {
      raw(",\"entry_type\":\"");
      raw(r.entryType());
      raw("\"");
    }
    if (r.ctStatus() == null) {
      raw(",\"ct_status\":null");
    } else {
      raw(",\"ct_status\":\"");
      raw(r.ctStatus().jsonName());
      raw("\"");
    }
    if (r.crlite() == null) {
      raw(",\"crlite\":null");
    } else {
      raw(",\"crlite\":\"");
      raw(r.crlite().jsonName());
      raw("\"");
    }
    raw(r.preloaded() ? ",\"preloaded\":true" : ",\"preloaded\":false");
    raw(",\"onecrl\":");
    string(r.oneCrl());
    if (r.violations() != null) {
      raw(",\"violations\":[");
      for (int i = 0; i < r.violations().size(); i++) {
        Violation v = r.violations().get(i);
        raw(i > 0 ? ",{\"rule\":\"" : "{\"rule\":\"");
        raw(v.rule().name());
        raw("\",\"code\":\"");
        raw(v.code());
        raw("\",\"cert\":");
        raw(Integer.toString(v.certIndex()));
        raw("}");
      }
      raw("]");
    }
    raw("}\n");
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  /** ASCII text that needs no escaping. */
  private void raw(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  /** A JSON string (or null), escaped, UTF-8. */
  private void string(String s) {
    if (s == null) {
      raw("null");
      return;
    }
    int n = s.length();
    ensure(n * 6 + 2);
    buf[len++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        buf[len++] = (byte) c;
      } else if (c == '"' || c == '\\') {
        buf[len++] = '\\';
        buf[len++] = (byte) c;
      } else if (c < 0x20 || c == 0x7f) {
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = '0';
        buf[len++] = '0';
        buf[len++] = HEX[(c >> 4) & 0xf];
        buf[len++] = HEX[c & 0xf];
      } else if (Character.isHighSurrogate(c) && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf[len++] = (byte) (0xf0 | (cp >> 18));
        buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        buf[len++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        raw("\\ufffd"); // a lone surrogate cannot be encoded
        ensure(n * 6 + 2);
      } else if (c < 0x800) {
        buf[len++] = (byte) (0xc0 | (c >> 6));
        buf[len++] = (byte) (0x80 | (c & 0x3f));
      } else {
        buf[len++] = (byte) (0xe0 | (c >> 12));
        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        buf[len++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    buf[len++] = '"';
  }
}
