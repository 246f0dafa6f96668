package dev.pkixj.verifier.strict;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.util.ArrayList;
import java.util.List;

/**
 * What the strict rules read of a certificate that {@link Cert} does not keep: every extension
 * with its criticality (AKI and SKI included), the subject's common names. Built from a
 * certificate that {@link Cert#parse} already accepted, so its outer structure is known to be
 * sound; a part that does not decode as the rules expect is reported by the rule that reads it.
 */
final class CertView {
  static final byte[] AKI = {0x55, 0x1d, 0x23};
  static final byte[] SKI = {0x55, 0x1d, 0x0e};
  static final byte[] BC = {0x55, 0x1d, 0x13};
  static final byte[] KU = {0x55, 0x1d, 0x0f};
  static final byte[] EKU = {0x55, 0x1d, 0x25};
  static final byte[] SAN = {0x55, 0x1d, 0x11};
  static final byte[] NC = {0x55, 0x1d, 0x1e};
  static final byte[] PC = {0x55, 0x1d, 0x24};
  static final byte[] CRLDP = {0x55, 0x1d, 0x1f};
  static final byte[] AIA = {0x2b, 6, 1, 5, 5, 7, 1, 1};
  static final byte[] CN = {0x55, 4, 3};

  /** One extension: OID contents, criticality, extnValue contents. */
  record Ext(Input oid, boolean critical, Input value) {}

  final Cert cert;
  final List<Ext> extensions = new ArrayList<>(12);

  CertView(Cert cert) {
    this.cert = cert;
    readExtensions(cert.der(), extensions);
  }

  /**
   * Adds the extensions of the certificate {@code der} to {@code out}, as far as they decode
   * (also for a certificate {@link Cert#parse} refuses).
   */
  static void readExtensions(byte[] der, List<Ext> out) {
    try {
      DerReader outer = Input.of(der).reader();
      DerReader c = outer.expectNested(DerReader.SEQUENCE);
      DerReader tbs = c.expectNested(DerReader.SEQUENCE);
      int csc = DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED;
      tbs.skipOptional(csc);
      for (int i = 0; i < 6; i++) {
        tbs.readTlv(); // serial, signature, issuer, validity, subject, spki
      }
      tbs.skipOptional(DerReader.CONTEXT_SPECIFIC | 1);
      tbs.skipOptional(DerReader.CONTEXT_SPECIFIC | 2);
      if (tbs.peek(csc | 3)) {
        DerReader list = tbs.expectNested(csc | 3).expectNested(DerReader.SEQUENCE);
        while (!list.atEnd()) {
          DerReader e = list.expectNested(DerReader.SEQUENCE);
          Input oid = e.expectValue(DerReader.OID);
          boolean critical = e.readOptionalBoolean();
          Input value = e.expectValue(DerReader.OCTET_STRING);
          out.add(new Ext(oid, critical, value));
        }
      }
    } catch (PkixException | RuntimeException e) {
      // What does not decode is Firefox's to report; the list stays as far as it got.
    }
  }

  Ext get(byte[] oid) {
    for (Ext e : extensions) {
      if (e.oid().contentEquals(oid)) {
        return e;
      }
    }
    return null;
  }

  boolean isCa() {
    Input bc = cert.basicConstraints();
    if (bc == null) {
      return false;
    }
    try {
      DerReader r = bc.reader().expectNested(DerReader.SEQUENCE);
      return r.peek(DerReader.BOOLEAN) && r.readBoolean();
    } catch (PkixException e) {
      return false;
    }
  }

  /** The keyIdentifier of the AKI, or null (also when the AKI does not decode). */
  Input akiKeyId() {
    Ext e = get(AKI);
    if (e == null) {
      return null;
    }
    try {
      DerReader r = e.value().reader().expectNested(DerReader.SEQUENCE);
      if (r.peek(DerReader.CONTEXT_SPECIFIC)) {
        return r.expectValue(DerReader.CONTEXT_SPECIFIC);
      }
    } catch (PkixException ex) {
      return null;
    }
    return null;
  }

  /** The SKI's key identifier, or null (also when it does not decode). */
  Input skiKeyId() {
    Ext e = get(SKI);
    if (e == null) {
      return null;
    }
    try {
      DerReader r = e.value().reader();
      Input v = r.expectValue(DerReader.OCTET_STRING);
      r.end();
      return v;
    } catch (PkixException ex) {
      return null;
    }
  }

  /** Whether key-usage bit {@code bit} is set (false when there is no keyUsage). */
  boolean keyUsageBit(int bit) {
    Input ku = cert.keyUsage();
    if (ku == null) {
      return false;
    }
    try {
      Input bits = ku.reader().expectValue(DerReader.BIT_STRING);
      int index = 1 + bit / 8;
      return index < bits.len() && (bits.at(index) & (0x80 >> (bit % 8))) != 0;
    } catch (PkixException e) {
      return false;
    }
  }

  /** The subject's commonName values, decoded (UTF-8, Printable, IA5, Teletex as Latin-1, BMP). */
  List<String> commonNames() {
    List<String> out = new ArrayList<>(1);
    try {
      DerReader name = cert.subject().reader().expectNested(DerReader.SEQUENCE);
      while (!name.atEnd()) {
        DerReader rdn = name.expectNested(DerReader.SET);
        while (!rdn.atEnd()) {
          DerReader atv = rdn.expectNested(DerReader.SEQUENCE);
          boolean cn = atv.expectValue(DerReader.OID).contentEquals(CN);
          int tag = atv.readTlv();
          if (cn) {
            out.add(decodeString(tag, atv.value()));
          }
        }
      }
    } catch (PkixException | RuntimeException e) {
      // a malformed subject is Firefox's to report
    }
    return out;
  }

  static String decodeString(int tag, Input v) {
    byte[] b = v.toByteArray();
    switch (tag) {
      case 0x1e:
        return new String(b, java.nio.charset.StandardCharsets.UTF_16BE);
      case 0x14:
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
      default:
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The SAN's entries as (tag, value) pairs; empty when there is no SAN or it does not decode. */
  List<Object[]> sanEntries() {
    List<Object[]> out = new ArrayList<>(4);
    Input san = cert.subjectAltName();
    if (san == null) {
      return out;
    }
    try {
      DerReader r = san.reader().expectNested(DerReader.SEQUENCE);
      while (!r.atEnd()) {
        int tag = r.readTlv();
        out.add(new Object[] {tag, r.value()});
      }
    } catch (PkixException e) {
      out.clear();
    }
    return out;
  }

  /** The RSA modulus size in bits, or -1 when the key is not RSA or does not decode. */
  int rsaModulusBits() {
    byte[] rsaEncryption = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1};
    try {
      DerReader spki = cert.subjectPublicKeyInfo().reader().expectNested(DerReader.SEQUENCE);
      DerReader alg = spki.expectNested(DerReader.SEQUENCE);
      if (!alg.expectValue(DerReader.OID).contentEquals(rsaEncryption)) {
        return -1;
      }
      Input key = spki.readBitStringNoUnusedBits();
      DerReader rsa = key.reader().expectNested(DerReader.SEQUENCE);
      Input n = rsa.expectValue(DerReader.INTEGER);
      int i = 0;
      while (i < n.len() && n.at(i) == 0) {
        i++;
      }
      if (i == n.len()) {
        return 0;
      }
      return (n.len() - i - 1) * 8 + (32 - Integer.numberOfLeadingZeros(n.at(i)));
    } catch (PkixException | RuntimeException e) {
      return -1;
    }
  }

  boolean isEcKey() {
    byte[] ecPublicKey = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 2, 1};
    try {
      DerReader spki = cert.subjectPublicKeyInfo().reader().expectNested(DerReader.SEQUENCE);
      DerReader alg = spki.expectNested(DerReader.SEQUENCE);
      return alg.expectValue(DerReader.OID).contentEquals(ecPublicKey);
    } catch (PkixException | RuntimeException e) {
      return false;
    }
  }
}
