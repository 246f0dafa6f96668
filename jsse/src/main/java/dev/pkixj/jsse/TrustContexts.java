package dev.pkixj.jsse;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.verifier.policy.DbCertExceptions;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.revocation.CrliteMode;
import dev.pkixj.truststore.revocation.RevocationConfig;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.policy.BrowserVerifier;
import dev.pkixj.verifier.policy.CertExceptions;
import dev.pkixj.verifier.policy.HstsHosts;
import dev.pkixj.verifier.policy.MitmCanary;
import dev.pkixj.verifier.policy.TlsPolicy;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a {@link PkixjTrust} is made into: the trust domains (revocation policy), the verifier
 * with the TLS policy, the browser layer, and the JSSE objects ({@code TrustManagerFactory},
 * {@code SSLContext}).
 */
final class TrustContexts {
  private TrustContexts() {}

  /**
   * Firefox's revocation policy: stapled response, cache, then (by default for an interactive
   * client) the leaf's OCSP responder; soft-fail unless asked otherwise. CRLite is decided
   * before OCSP (docs/crlite.md): under enforce and soft-fail no responder is asked for chains
   * to a built-in root.
   */
  static TrustDomainFactory trustDomains(TrustStore store, PkixjTrust.Revocation revocation,
      boolean ocspFetching, CrliteMode crliteMode, CrliteFilters crlite) {
    RevocationConfig rc = revocation == PkixjTrust.Revocation.OFF ? RevocationConfig.off()
        : RevocationConfig.interactiveDefaults()
            .withMode(revocation == PkixjTrust.Revocation.HARD_FAIL ? RevocationConfig.Mode.HARD
                : RevocationConfig.Mode.SOFT)
            .withFetch(ocspFetching)
            .withCrlite(crliteMode, crlite);
    return store.trustDomains(rc);
  }

  /**
   * The verifier with the TLS policy (the MITM canary, as {@code pkixj verify} builds it) and
   * Certificate Transparency as {@code ct} says.
   */
  static Verifier verifier(TrustDomainFactory trustDomains, String mitmCanaryIssuer,
      CtSettings ct) {
    return verifier(trustDomains, mitmCanaryIssuer, ct, dev.pkixj.truststore.onecrl.OneCrl.EMPTY);
  }

  /** As above, applying {@code oneCrl} (TLS server verification; docs/onecrl.md). */
  static Verifier verifier(TrustDomainFactory trustDomains, String mitmCanaryIssuer,
      CtSettings ct, dev.pkixj.truststore.onecrl.OneCrl oneCrl) {
    return new Verifier(trustDomains)
        .withPolicy(TlsPolicy.builder().mitmCanary(MitmCanary.of(mitmCanaryIssuer))
            .blocklist(dev.pkixj.verifier.policy.RevocationBlocklist.of(oneCrl)).build())
        .withCt(ct);
  }

  /** The browser layer: exceptions (when enabled) with the HSTS rule, default clock hints. */
  static BrowserVerifier browserVerifier(Verifier verifier, boolean exceptionsEnabled,
      List<CertOverride> exceptions, HstsHosts hsts) {
    CertExceptions known = exceptionsEnabled ? DbCertExceptions.of(exceptions)
        : CertExceptions.none();
    return BrowserVerifier.builder(verifier).exceptions(known).hsts(hsts).build();
  }

  static TrustManagerFactory trustManagerFactory(PkixjTrust trust) {
    TrustManagerFactory tmf = PkixjTrustManagerFactory.newFactory(PkixjProvider.INSTANCE);
    try {
      tmf.init(trust);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e); // cannot happen: our own parameters
    }
    return tmf;
  }

  static SSLContext sslContext(PkixjTrust trust, String protocol) {
    try {
      SSLContext ctx = SSLContext.getInstance(protocol);
      ctx.init(null, new TrustManager[] {trust.trustManager()}, null);
      if (trust.sessionTimeout() != null) {
        ctx.getClientSessionContext().setSessionTimeout((int) Math.max(1,
            Math.min(Integer.MAX_VALUE, trust.sessionTimeout().toSeconds())));
      }
      return trust.bindsSessionsToServerName() ? ServerNameBinding.wrap(ctx) : ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available: " + e, e);
    }
  }
}
