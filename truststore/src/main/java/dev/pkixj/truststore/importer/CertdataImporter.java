package dev.pkixj.truststore.importer;

import static dev.pkixj.truststore.importer.ImportCollector.line;

import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.Input;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads Mozilla's {@code certdata.txt}, the source of NSS's built-in roots ({@code
 * lib/ckfw/builtins/certdata.txt}; spec §8).
 *
 * <p><b>Format.</b> Everything before the {@code BEGINDATA} line is ignored. After it, each line is
 * {@code ATTRIBUTE TYPE VALUE}; {@code #} comments and blank lines are ignored anywhere (the real
 * file has comments inside objects, so objects are delimited by their {@code CKA_CLASS} line, not
 * by blank lines). Types: {@code CK_OBJECT_CLASS}, {@code CK_BBOOL}, {@code CK_TRUST}, {@code
 * CK_CERTIFICATE_TYPE}, {@code CK_ULONG}, {@code CK_MECHANISM_TYPE} (a bare token), {@code UTF8}
 * ({@code "…"}, with {@code \"}, {@code \\} and {@code \ooo} escapes), and {@code MULTILINE_OCTAL}
 * (following lines of {@code \ooo} escapes up to a line {@code END}).
 *
 * <p><b>Objects.</b> Each {@code CKO_CERTIFICATE} (its {@code CKA_VALUE} DER, {@code CKA_LABEL}
 * and {@code CKA_NSS_SERVER_DISTRUST_AFTER}) is paired with the {@code CKO_NSS_TRUST} object that
 * names the same issuer and serial number ({@code CKA_ISSUER}, {@code CKA_SERIAL_NUMBER}) and, when
 * it has one, the same {@code CKA_CERT_SHA1_HASH}; a trust object that has only the hash is paired
 * by hash. Also accepted: the older {@code CKO_NETSCAPE_*}/{@code CKT_NETSCAPE_*} names and the
 * PKCS #11 3.2 {@code CKO_TRUST}/{@code CKT_TRUST_ANCHOR}/{@code CKT_NOT_TRUSTED}/… names.
 *
 * <p><b>Trust</b> ({@code CKA_TRUST_SERVER_AUTH}): {@code CKT_NSS_TRUSTED_DELEGATOR} → {@link
 * Trust#ANCHOR}; {@code CKT_NSS_MUST_VERIFY_TRUST}, {@code CKT_NSS_VALID_DELEGATOR}, {@code
 * CKT_NSS_TRUST_UNKNOWN} → {@link Trust#INHERIT}; {@code CKT_NSS_NOT_TRUSTED} → {@link
 * Trust#DISTRUSTED}; {@code CKT_NSS_TRUSTED} (a trusted end-entity, which NSS would distrust as a
 * CA) and unknown values → INHERIT with a problem. A certificate without a trust object, or whose
 * trust object lacks {@code CKA_TRUST_SERVER_AUTH}, is INHERIT.
 *
 * <p><b>Distrust-after</b>: {@code CK_BBOOL CK_FALSE} (none) or a {@code MULTILINE_OCTAL} UTCTime
 * {@code YYMMDDHHMMSSZ} (years 50–99 are 19xx) or GeneralizedTime {@code YYYYMMDDHHMMSSZ}. It is
 * read from the certificate object and also from its trust object (Izenpe.com carries it there);
 * when both have one, the earlier applies.
 *
 * <p><b>Problems</b> (each names the file and the line, in line order; the rest continues): no
 * {@code BEGINDATA}, a line that is not an attribute, an unknown type, bad octal, a {@code
 * MULTILINE_OCTAL} without {@code END}, an unknown object class, a certificate without a value or
 * that {@link Cert#parse} rejects (named by the line of its {@code CKA_CLASS}), an unreadable
 * distrust-after (a certificate is then left out rather than imported without its restriction; a
 * trust object then gives at most INHERIT), a trust object whose hash does not match, a second
 * trust object for one certificate, and a trust object for a certificate that is not in the file
 * (such "distrust by issuer and serial" records cannot become a {@link TrustEntry}, which needs
 * the certificate; see {@link Parsed#orphanTrust()}).
 */
public final class CertdataImporter {
  private CertdataImporter() {}

  /**
   * A trust object that matched no certificate in the file.
   *
   * @param label its CKA_LABEL (may be empty)
   * @param issuer its CKA_ISSUER (DER Name), or null
   * @param serial its CKA_SERIAL_NUMBER (DER INTEGER), or null
   * @param trust its server-authentication trust
   * @param line the line of its CKA_CLASS
   */
  public record OrphanTrust(String label, byte[] issuer, byte[] serial, Trust trust, int line) {}

  /**
   * The full outcome of a parse.
   *
   * @param result the certificates with their trust, and the problems
   * @param orphanTrust trust objects for certificates not in the file (each is also a problem)
   */
  public record Parsed(ImportResult result, List<OrphanTrust> orphanTrust) {
    /** Checks {@code result} and copies {@code orphanTrust}. */
    public Parsed {
      Objects.requireNonNull(result, "result");
      orphanTrust = List.copyOf(orphanTrust);
    }
  }

  /** Reads a certdata.txt file (UTF-8). */
  public static ImportResult read(Path file) {
    return readDetailed(file).result();
  }

  /** Like {@link #read(Path)}, also returning the trust objects that matched no certificate. */
  public static Parsed readDetailed(Path file) {
    Objects.requireNonNull(file, "file");
    ImportCollector c = new ImportCollector();
    byte[] bytes = PemBundle.readBytes(file, c);
    if (bytes == null) {
      return new Parsed(c.result(), List.of());
    }
    return parseDetailed(new String(bytes, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses certdata.txt text.
   *
   * @param text the file's content
   * @param fileName the name to use in problems
   */
  public static ImportResult parse(String text, String fileName) {
    return parseDetailed(text, fileName).result();
  }

  /** Like {@link #parse(String, String)}, also returning the unmatched trust objects. */
  public static Parsed parseDetailed(String text, String fileName) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(fileName, "fileName");
    return new Parser(text, fileName).run();
  }

  // ---- lexical level ----------------------------------------------------------------------------

  /** One attribute; {@code failed} when its value could not be read (already reported). */
  private static final class Attr {
    final String type;
    final String token; // the value for token types
    final String text; // the decoded UTF8 value
    final byte[] octal; // the MULTILINE_OCTAL value
    final int line;
    final boolean failed;

    Attr(String type, String token, String text, byte[] octal, int line, boolean failed) {
      this.type = type;
      this.token = token;
      this.text = text;
      this.octal = octal;
      this.line = line;
      this.failed = failed;
    }
  }

  private static final class Obj {
    final int line;
    final String cls;
    final Map<String, Attr> attrs = new LinkedHashMap<>();

    Obj(int line, String cls) {
      this.line = line;
      this.cls = cls;
    }

    Attr get(String name) {
      return attrs.get(name);
    }
  }

  private static final Set<String> TOKEN_TYPES = Set.of("CK_OBJECT_CLASS", "CK_BBOOL", "CK_TRUST",
      "CK_CERTIFICATE_TYPE", "CK_ULONG", "CK_MECHANISM_TYPE");

  private static final class CertObj {
    final Obj obj;
    final byte[] der;
    final String label;
    final Instant distrustAfter;
    final ByteBuffer key;
    final byte[] sha1;
    TrustObj trust;

    CertObj(Obj obj, byte[] der, String label, Instant distrustAfter, ByteBuffer key) {
      this.obj = obj;
      this.der = der;
      this.label = label;
      this.distrustAfter = distrustAfter;
      this.key = key;
      this.sha1 = Asn1.digest("SHA-1", der);
    }
  }

  private static final class TrustObj {
    final Obj obj;
    final String label;
    final byte[] issuer;
    final byte[] serial;
    final ByteBuffer key; // null without issuer and serial
    final byte[] sha1; // null without a hash
    final Trust trust;
    final Instant distrustAfter;

    TrustObj(Obj obj, String label, byte[] issuer, byte[] serial, ByteBuffer key, byte[] sha1,
        Trust trust, Instant distrustAfter) {
      this.obj = obj;
      this.label = label;
      this.issuer = issuer;
      this.serial = serial;
      this.key = key;
      this.sha1 = sha1;
      this.trust = trust;
      this.distrustAfter = distrustAfter;
    }
  }

  private static final class Parser {
    private final String[] lines;
    private final String file;
    private final ImportCollector c = new ImportCollector();
    private final List<Obj> objects = new ArrayList<>();

    Parser(String text, String file) {
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      this.lines = text.split("\n", -1);
      this.file = file;
    }

    Parsed run() {
      int i = 0;
      while (i < lines.length && !lines[i].strip().equals("BEGINDATA")) {
        i++;
      }
      if (i == lines.length) {
        c.problem(file, "", "no BEGINDATA line: not an NSS certdata.txt file");
        return new Parsed(c.result(), List.of());
      }
      lex(i + 1);
      return build();
    }

    private void problem(int lineNo, String message) {
      c.problem(file, line(lineNo), message);
    }

    /** Splits the lines after BEGINDATA into objects. */
    private void lex(int from) {
      Obj cur = null;
      int i = from;
      while (i < lines.length) {
        int lineNo = i + 1;
        String t = lines[i].strip();
        i++;
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] tok = t.split("\\s+", 3);
        if (!tok[0].startsWith("CKA_")) {
          problem(lineNo, "expected an attribute line (CKA_… TYPE VALUE), found \""
              + abbreviate(t) + "\"");
          continue;
        }
        if (tok.length < 2) {
          problem(lineNo, "attribute " + tok[0] + " has no type");
          continue;
        }
        String name = tok[0];
        String type = tok[1];
        String value = tok.length > 2 ? tok[2].strip() : "";
        Attr attr;
        if (type.equals("MULTILINE_OCTAL")) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          boolean failed = false;
          boolean ended = false;
          if (!value.isEmpty()) {
            problem(lineNo, "unexpected text after MULTILINE_OCTAL: \"" + abbreviate(value) + "\"");
            failed = true;
          }
          while (i < lines.length) {
            String o = lines[i].strip();
            if (o.equals("END")) {
              i++;
              ended = true;
              break;
            }
            if (o.startsWith("CKA_")) {
              break; // a missing END: resynchronise on the next attribute
            }
            int octalLine = i + 1;
            i++;
            if (o.isEmpty() || o.startsWith("#")) {
              continue;
            }
            if (!failed && !decodeOctal(o, out)) {
              problem(octalLine, "bad octal escape in the value of " + name + ": \""
                  + abbreviate(o) + "\" (expected \\ooo escapes)");
              failed = true;
            }
          }
          if (!ended) {
            problem(lineNo, "the MULTILINE_OCTAL value of " + name + " has no END line");
            failed = true;
          }
          attr = new Attr(type, null, null, failed ? null : out.toByteArray(), lineNo, failed);
        } else if (type.equals("UTF8")) {
          String s = decodeUtf8(value);
          if (s == null) {
            problem(lineNo, "malformed UTF8 value of " + name + ": " + abbreviate(value)
                + " (expected a \"quoted\" string)");
          }
          attr = new Attr(type, null, s, null, lineNo, s == null);
        } else if (TOKEN_TYPES.contains(type)) {
          boolean bad = value.isEmpty() || value.contains(" ");
          if (bad) {
            problem(lineNo, name + " " + type + " needs one value, found \"" + abbreviate(value)
                + "\"");
          }
          attr = new Attr(type, value, null, null, lineNo, bad);
        } else {
          problem(lineNo, "unknown attribute type " + type + " (for " + name + ")");
          attr = new Attr(type, null, null, null, lineNo, true);
          // Skip a value that may span lines (up to an END line, or the next attribute).
          while (i < lines.length) {
            String o = lines[i].strip();
            if (o.startsWith("CKA_") || o.isEmpty()) {
              break;
            }
            i++;
            if (o.equals("END")) {
              break;
            }
          }
        }

        if (name.equals("CKA_CLASS")) {
          if (cur != null) {
            objects.add(cur);
          }
          cur = new Obj(lineNo, attr.failed || !type.equals("CK_OBJECT_CLASS") ? null : attr.token);
          if (!attr.failed && !type.equals("CK_OBJECT_CLASS")) {
            problem(lineNo, "CKA_CLASS must be a CK_OBJECT_CLASS, found " + type);
          }
        } else if (cur == null) {
          problem(lineNo, "attribute " + name + " before the first CKA_CLASS");
        } else if (cur.attrs.containsKey(name)) {
          problem(lineNo, "attribute " + name + " repeated in the object at line " + cur.line
              + "; the first one is used");
        } else {
          cur.attrs.put(name, attr);
        }
      }
      if (cur != null) {
        objects.add(cur);
      }
    }

    /** Builds the entries from the objects. */
    private Parsed build() {
      List<CertObj> certs = new ArrayList<>();
      List<TrustObj> trusts = new ArrayList<>();
      for (Obj o : objects) {
        if (o.cls == null) {
          continue; // its CKA_CLASS line was already reported
        }
        switch (o.cls) {
          case "CKO_CERTIFICATE":
            CertObj co = certificate(o);
            if (co != null) {
              certs.add(co);
            }
            break;
          case "CKO_NSS_TRUST":
          case "CKO_NETSCAPE_TRUST":
          case "CKO_TRUST":
            TrustObj to = trust(o);
            if (to != null) {
              trusts.add(to);
            }
            break;
          case "CKO_NSS_BUILTIN_ROOT_LIST":
          case "CKO_NETSCAPE_BUILTIN_ROOT_LIST":
            break;
          default:
            problem(o.line, "object class " + o.cls + " is not imported");
        }
      }

      Map<ByteBuffer, List<CertObj>> byKey = new HashMap<>();
      for (CertObj co : certs) {
        byKey.computeIfAbsent(co.key, k -> new ArrayList<>()).add(co);
      }
      List<OrphanTrust> orphans = new ArrayList<>();
      for (TrustObj to : trusts) {
        pair(to, to.key != null ? byKey.getOrDefault(to.key, List.of()) : certs, orphans);
      }

      for (CertObj co : certs) {
        TrustObj to = co.trust;
        Trust trust = to == null ? Trust.INHERIT : to.trust;
        Instant da = co.distrustAfter;
        if (to != null && to.distrustAfter != null && (da == null || to.distrustAfter.isBefore(da))) {
          da = to.distrustAfter;
        }
        String label = co.label != null ? co.label : to != null && to.label != null ? to.label : null;
        if (label == null) {
          try {
            label = Asn1.commonName(Cert.parse(co.der));
          } catch (PkixException e) {
            label = null; // cannot happen: parsed before
          }
        }
        c.add(new TrustEntry(co.der, trust, da, label, Source.CERTDATA));
      }
      // Problems found while pairing come after the lexical ones; report all in line order.
      ImportResult r = c.result();
      List<ImportProblem> problems = new ArrayList<>(r.problems());
      problems.sort(Comparator.comparingInt(p -> lineNumber(p.where())));
      return new Parsed(new ImportResult(r.entries(), problems), orphans);
    }

    private static int lineNumber(String where) {
      return where.startsWith("line ") ? Integer.parseInt(where.substring(5)) : 0;
    }

    private void pair(TrustObj to, List<CertObj> candidates, List<OrphanTrust> orphans) {
      String name = to.label == null || to.label.isEmpty() ? "" : " \"" + to.label + "\"";
      List<CertObj> matching = new ArrayList<>();
      for (CertObj co : candidates) {
        if (to.sha1 == null || Arrays.equals(to.sha1, co.sha1)) {
          matching.add(co);
        }
      }
      if (matching.isEmpty()) {
        if (!candidates.isEmpty()) {
          problem(to.obj.line, "trust object" + name + ": its CKA_CERT_SHA1_HASH does not match the "
              + "certificate with that issuer and serial number; the trust object is ignored");
          return;
        }
        orphans.add(new OrphanTrust(to.label == null ? "" : to.label, to.issuer, to.serial,
            to.trust, to.obj.line));
        problem(to.obj.line, "trust object" + name + " (" + to.trust.text() + ") matches no "
            + "certificate in this file; not imported (a trust entry needs the certificate)");
        return;
      }
      CertObj before = null;
      CertObj after = null;
      for (CertObj co : matching) {
        if (co.trust != null) {
          continue;
        }
        if (co.obj.line < to.obj.line) {
          before = co; // the nearest preceding wins (the file puts trust right after its cert)
        } else if (after == null) {
          after = co;
        }
      }
      CertObj chosen = before != null ? before : after;
      if (chosen == null) {
        problem(to.obj.line, "trust object" + name + " is a second trust object for the "
            + "certificate at line " + matching.get(0).obj.line + "; ignored");
        return;
      }
      chosen.trust = to;
    }

    private CertObj certificate(Obj o) {
      String label = text(o, "CKA_LABEL");
      String name = label == null ? "" : " \"" + label + "\"";
      Attr type = o.get("CKA_CERTIFICATE_TYPE");
      if (type != null && !type.failed && !"CKC_X_509".equals(type.token)) {
        problem(o.line, "certificate object" + name + " of type " + type.token
            + " is not X.509; skipped");
        return null;
      }
      Attr value = o.get("CKA_VALUE");
      if (value == null) {
        problem(o.line, "certificate object" + name + " has no CKA_VALUE");
        return null;
      }
      if (value.failed || value.octal == null) {
        if (!value.failed) {
          problem(value.line, "CKA_VALUE of certificate object" + name + " is not MULTILINE_OCTAL");
        }
        return null;
      }
      Cert cert;
      try {
        cert = Cert.parse(value.octal);
      } catch (PkixException e) {
        problem(o.line, "certificate" + name + " does not parse (" + e.result().name() + ")");
        return null;
      } catch (RuntimeException e) {
        problem(o.line, "certificate" + name + " does not parse (" + e + ")");
        return null;
      }
      Instant[] da = new Instant[1];
      if (!distrustAfter(o, name, da, "the certificate is left out rather than imported without "
          + "its distrust date")) {
        return null;
      }
      return new CertObj(o, value.octal, label, da[0], key(cert.issuer(), cert.serialNumber()));
    }

    private TrustObj trust(Obj o) {
      String label = text(o, "CKA_LABEL");
      String name = label == null ? "" : " \"" + label + "\"";
      byte[] issuer = octal(o, "CKA_ISSUER");
      byte[] serial = octal(o, "CKA_SERIAL_NUMBER");
      byte[] sha1 = octal(o, "CKA_CERT_SHA1_HASH");
      ByteBuffer key = null;
      if (issuer != null && serial != null) {
        byte[] contents = Asn1.contentsOf(serial, 0x02);
        key = key(issuer, contents != null ? contents : serial);
      }
      if (key == null && sha1 == null) {
        problem(o.line, "trust object" + name + " names no certificate (no CKA_ISSUER and "
            + "CKA_SERIAL_NUMBER, no CKA_CERT_SHA1_HASH); ignored");
        return null;
      }
      Trust trust = Trust.INHERIT;
      Attr server = o.get("CKA_TRUST_SERVER_AUTH");
      if (server != null && !server.failed) {
        if (!server.type.equals("CK_TRUST")) {
          problem(server.line, "CKA_TRUST_SERVER_AUTH of trust object" + name
              + " is not a CK_TRUST; taken as inherit");
        } else {
          trust = serverTrust(server, name);
        }
      }
      Instant[] da = new Instant[1];
      if (!distrustAfter(o, name, da, "its certificate is imported as inherit at most rather "
          + "than without its distrust date")) {
        return new TrustObj(o, label, issuer, serial, key, sha1,
            ImportCollector.restrictive(trust, Trust.INHERIT), null);
      }
      return new TrustObj(o, label, issuer, serial, key, sha1, trust, da[0]);
    }

    private Trust serverTrust(Attr a, String name) {
      String v = a.token;
      String k = v.replaceFirst("^CKT_(NSS_|NETSCAPE_)?", "");
      switch (k) {
        case "TRUSTED_DELEGATOR":
        case "TRUST_ANCHOR":
          return Trust.ANCHOR;
        case "MUST_VERIFY_TRUST":
        case "MUST_VERIFY":
        case "TRUST_MUST_VERIFY_TRUST":
        case "VALID_DELEGATOR":
        case "TRUST_UNKNOWN":
          return Trust.INHERIT;
        case "NOT_TRUSTED":
        case "UNTRUSTED":
          return Trust.DISTRUSTED;
        case "TRUSTED":
          problem(a.line, "trust object" + name + ": " + v + " marks a trusted end-entity (NSS "
              + "would distrust it as a CA); imported as inherit");
          return Trust.INHERIT;
        default:
          problem(a.line, "trust object" + name + ": unknown server-auth trust " + v
              + "; imported as inherit");
          return Trust.INHERIT;
      }
    }

    /** Reads CKA_NSS_SERVER_DISTRUST_AFTER into out[0]; false (after a problem) if unreadable. */
    private boolean distrustAfter(Obj o, String name, Instant[] out, String consequence) {
      Attr a = o.get("CKA_NSS_SERVER_DISTRUST_AFTER");
      if (a == null) {
        return true;
      }
      if (a.failed) {
        problem(a.line, "unreadable CKA_NSS_SERVER_DISTRUST_AFTER in" + objectName(o, name)
            + "; " + consequence);
        return false;
      }
      if (a.type.equals("CK_BBOOL") && "CK_FALSE".equals(a.token)) {
        return true;
      }
      if (a.octal != null) {
        try {
          out[0] = parseTime(a.octal);
          return true;
        } catch (IllegalArgumentException e) {
          problem(a.line, "CKA_NSS_SERVER_DISTRUST_AFTER in" + objectName(o, name) + " is not a "
              + "UTCTime or GeneralizedTime (" + e.getMessage() + "); " + consequence);
          return false;
        }
      }
      problem(a.line, "CKA_NSS_SERVER_DISTRUST_AFTER in" + objectName(o, name) + " must be "
          + "CK_BBOOL CK_FALSE or a MULTILINE_OCTAL time, found " + a.type
          + (a.token != null ? " " + a.token : "") + "; " + consequence);
      return false;
    }

    private static String objectName(Obj o, String name) {
      return (o.cls.equals("CKO_CERTIFICATE") ? " certificate" : " trust object") + name;
    }

    private String text(Obj o, String attr) {
      Attr a = o.get(attr);
      return a == null || a.failed ? null : a.text;
    }

    private byte[] octal(Obj o, String attr) {
      Attr a = o.get(attr);
      return a == null || a.failed ? null : a.octal;
    }

    private static ByteBuffer key(Input issuer, Input serialContents) {
      return key(issuer.toByteArray(), serialContents.toByteArray());
    }

    private static ByteBuffer key(byte[] issuer, byte[] serialContents) {
      byte[] k = Arrays.copyOf(issuer, issuer.length + serialContents.length);
      System.arraycopy(serialContents, 0, k, issuer.length, serialContents.length);
      return ByteBuffer.wrap(k);
    }
  }

  /** Appends the bytes of a line of {@code \ooo} escapes; false if it is anything else. */
  static boolean decodeOctal(String s, ByteArrayOutputStream out) {
    int n = s.length();
    if (n % 4 != 0) {
      return false;
    }
    for (int i = 0; i < n; i += 4) {
      if (s.charAt(i) != '\\') {
        return false;
      }
      int v = 0;
      for (int j = 1; j <= 3; j++) {
        char ch = s.charAt(i + j);
        if (ch < '0' || ch > '7') {
          return false;
        }
        v = v * 8 + (ch - '0');
      }
      if (v > 0xff) {
        return false;
      }
      out.write(v);
    }
    return true;
  }

  /** The text of a {@code "quoted"} UTF8 value (escapes {@code \"}, {@code \\}, {@code \ooo}), or null. */
  static String decodeUtf8(String v) {
    if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int end = v.length() - 1;
    for (int i = 1; i < end; i++) {
      char ch = v.charAt(i);
      if (ch == '"') {
        return null; // an unescaped quote inside
      }
      if (ch != '\\') {
        byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(ch) && i + 1 < end) {
          b = v.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(b, 0, b.length);
        continue;
      }
      if (i + 1 >= end) {
        return null;
      }
      char e = v.charAt(i + 1);
      if (e == '"' || e == '\\') {
        out.write(e);
        i++;
      } else if (i + 3 < end && isOctal(e) && isOctal(v.charAt(i + 2)) && isOctal(v.charAt(i + 3))) {
        int x = (e - '0') * 64 + (v.charAt(i + 2) - '0') * 8 + (v.charAt(i + 3) - '0');
        if (x > 0xff) {
          return null;
        }
        out.write(x);
        i += 3;
      } else {
        return null;
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static boolean isOctal(char ch) {
    return ch >= '0' && ch <= '7';
  }

  /**
   * A distrust-after value: UTCTime {@code YYMMDDHHMMSSZ} (YY below 50 is 20YY) or
   * GeneralizedTime {@code YYYYMMDDHHMMSSZ}, as ASCII.
   *
   * @throws IllegalArgumentException when it is neither
   */
  static Instant parseTime(byte[] b) {
    String s = new String(b, StandardCharsets.US_ASCII);
    int year;
    String rest;
    if (s.matches("[0-9]{12}Z")) {
      int yy = Integer.parseInt(s.substring(0, 2));
      year = yy >= 50 ? 1900 + yy : 2000 + yy;
      rest = s.substring(2);
    } else if (s.matches("[0-9]{14}Z")) {
      year = Integer.parseInt(s.substring(0, 4));
      rest = s.substring(4);
    } else {
      throw new IllegalArgumentException("\"" + abbreviate(s) + "\"");
    }
    try {
      return LocalDateTime.of(year, Integer.parseInt(rest.substring(0, 2)),
          Integer.parseInt(rest.substring(2, 4)), Integer.parseInt(rest.substring(4, 6)),
          Integer.parseInt(rest.substring(6, 8)), Integer.parseInt(rest.substring(8, 10)))
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("\"" + s + "\": " + e.getMessage());
    }
  }

  private static String abbreviate(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 60; i++) {
      char ch = s.charAt(i);
      sb.append(ch < 0x20 || ch == 0x7f ? '?' : ch);
    }
    return s.length() > 60 ? sb + "…" : sb.toString();
  }
}
