package dev.pkixj.testdata;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An encoded GeneralName (RFC 5280 4.2.1.6) for subjectAltName and nameConstraints.
 * Typical use: {@code import static dev.pkixj.testdata.GeneralName.*;} then
 * {@code san(dns("a.example"), ip("10.0.0.1"))}. String values are encoded as their UTF-8 bytes
 * without validation, so invalid names can be produced on purpose.
 */
public final class GeneralName {
    private final byte[] der;

    private GeneralName(byte[] der) {
        this.der = der;
    }

    /** dNSName [2]. */
    public static GeneralName dns(String name) {
        return new GeneralName(Der.retag(2, Der.ia5(name)));
    }

    /** rfc822Name [1]. */
    public static GeneralName email(String address) {
        return new GeneralName(Der.retag(1, Der.ia5(address)));
    }

    /** uniformResourceIdentifier [6]. */
    public static GeneralName uri(String uri) {
        return new GeneralName(Der.retag(6, Der.ia5(uri)));
    }

    /** iPAddress [7] from an IPv4 dotted-quad or IPv6 literal (4 or 16 octets). */
    public static GeneralName ip(String literal) {
        return ipBytes(parseIp(literal));
    }

    /** iPAddress [7] with arbitrary octets (any length, for malformed entries). */
    public static GeneralName ipBytes(byte[] octets) {
        return new GeneralName(Der.implicit(7, false, octets));
    }

    /** iPAddress [7] with arbitrary octets given as ints 0..255, e.g. {@code ipBytes(10, 0, 0, 1, 0)}. */
    public static GeneralName ipBytes(int... octets) {
        byte[] b = new byte[octets.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) octets[i];
        }
        return ipBytes(b);
    }

    /** iPAddress [7] name-constraint form, address followed by mask, from CIDR like {@code 10.0.0.0/8} or {@code 2001:db8::/32}. */
    public static GeneralName ipSubnet(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("expected CIDR notation: " + cidr);
        }
        byte[] addr = parseIp(cidr.substring(0, slash));
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        byte[] mask = new byte[addr.length];
        for (int i = 0; i < prefix; i++) {
            mask[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        return ipBytes(Der.concat(addr, mask));
    }

    /** directoryName [4] from an RFC 4514 string (see {@link Der#name(String)}). */
    public static GeneralName dirName(String rfc4514) {
        return dirName(Der.name(rfc4514));
    }

    /** directoryName [4] wrapping an already-encoded Name. */
    public static GeneralName dirName(byte[] nameDer) {
        return new GeneralName(Der.explicit(4, nameDer));
    }

    /** registeredID [8]. */
    public static GeneralName registeredId(String oid) {
        return new GeneralName(Der.retag(8, Der.oid(oid)));
    }

    /** otherName [0] { type-id, [0] EXPLICIT value }, with {@code valueDer} a complete DER element. */
    public static GeneralName otherName(String typeOid, byte[] valueDer) {
        return new GeneralName(Der.implicit(0, true, Der.concat(Der.oid(typeOid), Der.explicit(0, valueDer))));
    }

    /** Any bytes, used verbatim as one GeneralName element. */
    public static GeneralName raw(byte[] der) {
        return new GeneralName(der.clone());
    }

    /** The encoded GeneralName. */
    public byte[] der() {
        return der.clone();
    }

    static byte[] parseIp(String literal) {
        if (literal.indexOf(':') >= 0) {
            try {
                return InetAddress.getByName(literal).getAddress(); // a literal: never a DNS lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad IPv6 literal " + literal, e);
            }
        }
        String[] parts = literal.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("bad IPv4 literal " + literal);
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("bad IPv4 literal " + literal);
            }
            out[i] = (byte) v;
        }
        return out;
    }

    @Override
    public String toString() {
        return "GeneralName[" + Der.toHex(der) + "]";
    }
}
