package dev.pkixj.testdata;

/** keyUsage bits (RFC 5280 4.2.1.3). */
public enum KeyUsage {
    DIGITAL_SIGNATURE(0),
    NON_REPUDIATION(1),
    KEY_ENCIPHERMENT(2),
    DATA_ENCIPHERMENT(3),
    KEY_AGREEMENT(4),
    KEY_CERT_SIGN(5),
    CRL_SIGN(6),
    ENCIPHER_ONLY(7),
    DECIPHER_ONLY(8);

    private final int bit;

    KeyUsage(int bit) {
        this.bit = bit;
    }

    /** Bit position, 0 = most significant bit of the first octet. */
    public int bit() {
        return bit;
    }

    /** DER BIT STRING with the given bits: minimal length, trailing zero bits counted as unused. */
    public static byte[] bitString(KeyUsage... usages) {
        int max = -1;
        for (KeyUsage u : usages) {
            max = Math.max(max, u.bit);
        }
        if (max < 0) {
            return Der.bitString(new byte[0]);
        }
        byte[] bytes = new byte[max / 8 + 1];
        for (KeyUsage u : usages) {
            bytes[u.bit / 8] |= (byte) (0x80 >>> (u.bit % 8));
        }
        byte last = bytes[bytes.length - 1];
        int unused = Integer.numberOfTrailingZeros(last & 0xFF);
        return Der.bitString(unused, bytes);
    }
}
