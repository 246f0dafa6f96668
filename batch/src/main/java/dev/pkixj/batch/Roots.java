package dev.pkixj.batch;

import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.importer.PemBundle;
import java.util.ArrayList;
import java.util.List;

/**
 * The trust anchors of a run given as one roots file already read (from a Hadoop path, say): the
 * trust store's PEM/DER reader ({@link PemBundle}) does the reading, so a roots file means the
 * same here as for {@code pkixj db import} and {@code --roots}'s bundles.
 */
public final class Roots {
  private Roots() {}

  /** A roots file that cannot be used; the message is one line that names the file. */
  public static final class RootsException extends Exception {
    private static final long serialVersionUID = 1L;

    public RootsException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The DER of every certificate in {@code content} that is a trust anchor (OpenSSL trust
   * settings can say otherwise, see {@link PemBundle}).
   *
   * @param content PEM text (any number of certificate blocks) or one DER certificate
   * @param file the file's name, for the messages
   * @throws RootsException when the file is empty, holds no anchor, or has anything the reader
   *     refuses (bad PEM, a certificate that does not parse): a roots file is used whole or not
   *     at all
   */
  public static List<byte[]> anchors(byte[] content, String file) throws RootsException {
    if (content.length == 0) {
      throw new RootsException(file + ": no certificate (the file is empty)");
    }
    ImportResult r = PemBundle.parse(content, file, Source.FILE, Trust.ANCHOR);
    if (!r.problems().isEmpty()) {
      ImportProblem p = r.problems().get(0);
      int more = r.problems().size() - 1;
      throw new RootsException(p + (more == 0 ? ""
          : " (and " + more + " more problem" + (more == 1 ? ")" : "s)")));
    }
    List<byte[]> anchors = new ArrayList<>();
    for (TrustEntry e : r.entries()) {
      if (e.trust() == Trust.ANCHOR) {
        anchors.add(e.der());
      }
    }
    if (anchors.isEmpty()) {
      throw new RootsException(file + ": no trust anchor (its certificates are marked as not "
          + "trusted for TLS servers)");
    }
    return anchors;
  }
}
