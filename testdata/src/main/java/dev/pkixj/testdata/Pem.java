package dev.pkixj.testdata;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM encoding and decoding (RFC 7468). */
public final class Pem {
    private Pem() {}

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    /** One PEM block of the given type (e.g. "CERTIFICATE", "PRIVATE KEY"), base64 in 64-column lines. */
    public static String encode(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + (b64.isEmpty() ? "" : "\n") + "-----END " + type + "-----\n";
    }

    /** Concatenated CERTIFICATE blocks, in the given order. */
    public static String certs(TestCert... certs) {
        return certs(List.of(certs));
    }

    /** Concatenated CERTIFICATE blocks, in the given order. */
    public static String certs(List<TestCert> certs) {
        StringBuilder sb = new StringBuilder();
        for (TestCert c : certs) {
            sb.append(c.pem());
        }
        return sb.toString();
    }

    /** DER of every PEM block in {@code pem}, of any type, in order; text outside blocks is ignored. */
    public static List<byte[]> decodeAll(String pem) {
        return decodeAll(pem, null);
    }

    /** DER of the one PEM block in {@code pem} (as a corpus field holds a certificate). */
    public static byte[] decodeOne(String pem) {
        List<byte[]> all = decodeAll(pem);
        if (all.size() != 1) {
            throw new IllegalArgumentException(all.size() + " PEM blocks where one was expected");
        }
        return all.get(0);
    }

    /** DER of every PEM block of the given type (or any type when {@code type} is null). */
    public static List<byte[]> decodeAll(String pem, String type) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (type == null || type.equals(m.group(1))) {
                out.add(Base64.getMimeDecoder().decode(m.group(2)));
            }
        }
        return out;
    }
}
