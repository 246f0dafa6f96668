package dev.pkixj.jsse;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Provider;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * pkixj's {@code TrustManagerFactory} (registered by {@link PkixjProvider} as "PKIX", "X509",
 * "SunX509" and "SunPKIX").
 *
 * <ul>
 *   <li>{@code init((KeyStore) null)}: the provider's base configuration (by default {@link
 *       PkixjTrust#fromSystemProperties()}: the OS roots unless {@code pkixj.roots} says
 *       otherwise).</li>
 *   <li>{@code init(keyStore)}: the same, with the key store's trusted certificates as the roots
 *       (the JCA contract; JSSE's default {@code SSLContext} passes the JDK's trust store
 *       here).</li>
 *   <li>{@code init(PkixjTrust)}: exactly that configuration. Other parameters are refused.</li>
 * </ul>
 * {@code getTrustManagers()} returns one {@link FirefoxTrustManager}.
 */
public final class PkixjTrustManagerFactory extends TrustManagerFactorySpi {
  private final PkixjProvider provider;
  private volatile PkixjTrust trust;

  /** For the JCA (reflection); uses the default configuration. */
  public PkixjTrustManagerFactory() {
    this(PkixjProvider.INSTANCE);
  }

  PkixjTrustManagerFactory(PkixjProvider provider) {
    this.provider = provider;
  }

  /** A {@code TrustManagerFactory} object over a new SPI, without going through the provider list. */
  static TrustManagerFactory newFactory(PkixjProvider provider) {
    return new TrustManagerFactory(new PkixjTrustManagerFactory(provider), provider, "PKIX") {};
  }

  @Override
  protected void engineInit(KeyStore ks) throws KeyStoreException {
    PkixjTrust.Builder b = provider.baseConfiguration();
    if (ks != null) {
      b.rootsFromKeyStore(ks);
    }
    try {
      trust = b.build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new KeyStoreException(e.getMessage(), e);
    }
  }

  @Override
  protected void engineInit(ManagerFactoryParameters spec)
      throws InvalidAlgorithmParameterException {
    if (!(spec instanceof PkixjTrust)) {
      throw new InvalidAlgorithmParameterException("pkixj's TrustManagerFactory takes a "
          + "PkixjTrust, not " + (spec == null ? "null" : spec.getClass().getName()));
    }
    trust = (PkixjTrust) spec;
  }

  @Override
  protected TrustManager[] engineGetTrustManagers() {
    PkixjTrust t = trust;
    if (t == null) {
      throw new IllegalStateException("TrustManagerFactory is not initialized");
    }
    return new TrustManager[] {t.trustManager()};
  }

  Provider provider() {
    return provider;
  }
}
