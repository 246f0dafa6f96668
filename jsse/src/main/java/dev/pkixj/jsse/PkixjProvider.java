package dev.pkixj.jsse;

import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Objects;

/**
 * A JCA provider whose only service is pkixj's {@code TrustManagerFactory}, under the algorithm
 * "PKIX" (the JDK's default, {@code ssl.TrustManagerFactory.algorithm}) and the aliases "X509",
 * "SunX509" and "SunPKIX". Installed first, it makes every {@code
 * TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())} (and so {@code
 * SSLContext.init(km, null, sr)}) use Firefox's rules:
 *
 * <pre>{@code
 * PkixjProvider.install();                                   // before the first TLS connection
 * }</pre>
 *
 * <p>JSSE creates its default {@code SSLContext} once, on first use, passing the JDK's trust
 * store (cacerts or {@code javax.net.ssl.trustStore}) as the roots: install the provider before
 * that, or set the default yourself with {@code SSLContext.setDefault(PkixjTrust
 * .defaultSslContext())} (OS roots). Key managers, ciphers and everything else stay the JDK's.
 */
public final class PkixjProvider extends Provider {
  /** The provider's name. */
  public static final String NAME = "Pkixj";
  static final List<String> ALIASES = List.of("X509", "SunX509", "SunPKIX");

  /** The provider behind factories made without the provider list. */
  static final PkixjProvider INSTANCE = new PkixjProvider();

  private final PkixjTrust.Builder base;

  /** A provider whose base configuration is {@link PkixjTrust#fromSystemProperties()}. */
  public PkixjProvider() {
    this(null);
  }

  /**
   * A provider whose factories start from {@code base} (copied; the roots are replaced by a key
   * store given to {@code init}).
   */
  public PkixjProvider(PkixjTrust.Builder base) {
    super(NAME, "0.1", "pkixj: X.509 verification with Firefox's (mozilla::pkix) rules; "
        + "TrustManagerFactory PKIX");
    this.base = base == null ? null : base.copy();
    PkixjProvider self = this;
    putService(new Service(this, "TrustManagerFactory", "PKIX",
        PkixjTrustManagerFactory.class.getName(), ALIASES, null) {
      @Override
      public Object newInstance(Object constructorParameter) {
        return new PkixjTrustManagerFactory(self);
      }
    });
  }

  PkixjTrust.Builder baseConfiguration() {
    return base == null ? PkixjTrust.fromSystemProperties() : base.copy();
  }

  /**
   * Inserts a provider with the default configuration at position 1 (replacing an installed
   * pkixj provider).
   *
   * @return the position it was installed at (1)
   */
  public static int install() {
    return install(new PkixjProvider());
  }

  /** As {@link #install()}, with factories starting from {@code base}. */
  public static int install(PkixjTrust.Builder base) {
    return install(new PkixjProvider(Objects.requireNonNull(base, "base")));
  }

  private static synchronized int install(PkixjProvider p) {
    Security.removeProvider(NAME);
    return Security.insertProviderAt(p, 1);
  }

  /** Removes the installed pkixj provider, if any. */
  public static synchronized void uninstall() {
    Security.removeProvider(NAME);
  }

  /** True if a pkixj provider is installed. */
  public static boolean isInstalled() {
    return Security.getProvider(NAME) != null;
  }
}
