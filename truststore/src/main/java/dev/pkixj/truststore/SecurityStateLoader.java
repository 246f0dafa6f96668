package dev.pkixj.truststore;

import dev.pkixj.pkix.Cert;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.state.SecurityState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The one way the stored security state is read for verifying (the CLI's {@code verify}, {@code
 * check} and {@code batch}, and the JSSE {@code PkixjTrust}): the preloaded intermediates
 * ({@link IntermediatesStore}, docs/intermediates.md) and OneCRL ({@link OneCrlStore},
 * docs/onecrl.md) of one security-state directory ({@link SecurityState#defaultDir()} unless
 * told otherwise). Loading never writes.
 *
 * <p>A store that is missing gives no data. A store that cannot be read or is damaged gives no
 * data and one warning line naming the file, and the run goes on without it: the same policy as
 * for the stored CRLite filters (a damaged store must not stop verification; it can only make it
 * miss what the store would have added).
 */
public final class SecurityStateLoader {
  private SecurityStateLoader() {}

  /**
   * What was loaded.
   *
   * @param dir the directory read
   * @param intermediates the preloaded intermediates ({@link PreloadedIntermediates#EMPTY} when
   *     none, left out, or damaged)
   * @param oneCrl OneCRL ({@link OneCrl#EMPTY} when none, left out, or damaged)
   * @param warnings one line each, naming the file (empty when all went well)
   */
  public record Loaded(Path dir, PreloadedIntermediates intermediates, OneCrl oneCrl,
      List<String> warnings) {
    public Loaded {
      Objects.requireNonNull(intermediates, "intermediates");
      Objects.requireNonNull(oneCrl, "oneCrl");
      warnings = List.copyOf(warnings);
    }

    /** Nothing: no preloaded intermediates, no OneCRL. */
    public static Loaded none(Path dir) {
      return new Loaded(dir, PreloadedIntermediates.EMPTY, OneCrl.EMPTY, List.of());
    }
  }

  /**
   * Reads the stored data of {@code dir}.
   *
   * @param dir the security-state directory (need not exist)
   * @param intermediates whether to read the preloaded intermediates
   * @param oneCrl whether to read OneCRL
   */
  public static Loaded load(Path dir, boolean intermediates, boolean oneCrl) {
    Objects.requireNonNull(dir, "dir");
    List<String> warnings = new ArrayList<>();
    PreloadedIntermediates pre = PreloadedIntermediates.EMPTY;
    if (intermediates) {
      try {
        pre = IntermediatesStore.load(dir).map(IntermediatesStore.Loaded::intermediates)
            .orElse(PreloadedIntermediates.EMPTY);
      } catch (IntermediatesStore.StoreException e) {
        warnings.add("warning: " + e.getMessage() + "; preloaded intermediates not used");
      }
    }
    OneCrl crl = OneCrl.EMPTY;
    if (oneCrl) {
      try {
        crl = OneCrlStore.load(SecurityState.at(dir)).map(OneCrlStore.Loaded::oneCrl)
            .orElse(OneCrl.EMPTY);
      } catch (OneCrlStore.StoreException e) {
        warnings.add("warning: " + e.getMessage() + "; OneCRL not used");
      }
    }
    return new Loaded(dir, pre, crl, warnings);
  }

  /** As {@link #load(Path, boolean, boolean)} for {@link SecurityState#defaultDir()}, both read. */
  public static Loaded loadDefault() {
    return load(SecurityState.defaultDir(), true, true);
  }

  /**
   * Which elements of a built chain came from preloading: not presented (no presented DER is
   * equal) and {@linkplain TrustStore#isPreloaded preloaded} in {@code store}. Null when the
   * store has no preloaded intermediates (nothing is computed then), else one flag per element.
   *
   * @param chain the chain built, leaf first
   * @param presented the certificates the server sent (DER), leaf first
   */
  public static boolean[] preloadedElements(TrustStore store, List<Cert> chain,
      List<byte[]> presented) {
    if (store.preloaded().isEmpty()) {
      return null;
    }
    boolean[] out = new boolean[chain.size()];
    for (int i = 1; i < chain.size(); i++) {
      Cert c = chain.get(i);
      if (store.isPreloaded(c) && !presented(c, presented)) {
        out[i] = true;
      }
    }
    return out;
  }

  /** True if any flag is set ({@code flags} may be null). */
  public static boolean any(boolean[] flags) {
    if (flags != null) {
      for (boolean f : flags) {
        if (f) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean presented(Cert c, List<byte[]> presented) {
    byte[] der = c.der();
    for (byte[] p : presented) {
      if (Arrays.equals(p, der)) {
        return true;
      }
    }
    return false;
  }
}
