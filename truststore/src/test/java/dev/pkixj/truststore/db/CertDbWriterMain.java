package dev.pkixj.truststore.db;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A writer process for the kill -9 and two-process tests: appends records in a loop and prints
 * {@code ACK <i>} right after each write returned (so was synced). Usage: {@code db prefix count
 * [compactEvery]}; count &lt; 0 writes until killed. With {@code --create DIR} it creates new
 * databases {@code DIR/c0}, {@code DIR/c1}, ... until killed, printing {@code ACK <i>} after
 * each.
 */
public final class CertDbWriterMain {
  private CertDbWriterMain() {}

  /** What record {@code i} of writer {@code prefix} is: an override, a distrust or an anchor. */
  static Object expected(String prefix, int i) {
    String id = prefix + "-" + i;
    return switch (i % 4) {
      case 0 -> Fixtures.override(id);
      case 1 -> Fixtures.entry(id, Trust.DISTRUSTED);
      default -> Fixtures.entry(id, Trust.ANCHOR);
    };
  }

  /** True when record {@code i} of {@code prefix} is in the snapshot, intact. */
  static boolean present(Snapshot s, String prefix, int i) {
    Object e = expected(prefix, i);
    if (e instanceof CertOverride o) {
      CertOverride got = s.override(o.host(), o.port()).orElse(null);
      return got != null && Arrays.equals(got.sha256(), o.sha256())
          && got.created().equals(o.created());
    }
    TrustEntry t = (TrustEntry) e;
    TrustEntry got = s.entry(Format.sha256(t.der())).orElse(null);
    return got != null && Arrays.equals(got.der(), t.der()) && got.trust() == t.trust()
        && Objects.equals(got.distrustAfter(), t.distrustAfter())
        && got.label().equals(t.label()) && got.source() == t.source();
  }

  public static void main(String[] args) {
    if (args[0].equals("--create")) {
      Path dir = Path.of(args[1]);
      for (int i = 0; ; i++) {
        CertDb.open(dir.resolve(String.format("c%06d", i))).close();
        System.out.println("ACK " + i);
        System.out.flush();
      }
    }
    Path f = Path.of(args[0]);
    String prefix = args[1];
    int count = Integer.parseInt(args[2]);
    int compactEvery = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    try (CertDb db = CertDb.open(f)) {
      System.out.println("OPEN " + db.mode() + " " + db.events());
      System.out.flush();
      for (int i = 0; count < 0 || i < count; i++) {
        Object e = expected(prefix, i);
        if (e instanceof CertOverride o) {
          db.putOverride(o);
        } else {
          db.put((TrustEntry) e);
        }
        System.out.println("ACK " + i);
        System.out.flush();
        if (compactEvery > 0 && i % compactEvery == compactEvery - 1) {
          db.compact();
        }
      }
    }
    System.out.println("DONE");
    System.out.flush();
  }
}
