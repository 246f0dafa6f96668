package dev.pkixj.pkix;

import java.util.List;

/**
 * Makes the trust domain for one verification (Firefox builds a new {@code
 * NSSCertDBTrustDomain} per verification, carrying its handshake certificates and pass
 * parameters). Implementations are shared by all threads and must be thread-safe.
 */
public interface TrustDomainFactory {
  /**
   * @param presented the certificates the peer sent after its end-entity, in order
   * @param minRsaBits the smallest RSA modulus this pass accepts (2048; 1024 in the fallback)
   * @param stapledOcspResponse the stapled OCSP response, or null
   */
  TrustDomain create(List<byte[]> presented, int minRsaBits, byte[] stapledOcspResponse);

  /**
   * Whether {@code anchor} (the last certificate of a built chain) is a built-in root: Firefox
   * applies stricter rules under built-in roots (a 1024-bit key is refused; an invalid SAN entry
   * halts host-name matching).
   */
  boolean isBuiltInRoot(Cert anchor);

  /**
   * The server distrust-after date in force for {@code anchor} (NSS's {@code
   * CKA_NSS_SERVER_DISTRUST_AFTER}, or the user's own), or null when it has none. Certificate
   * Transparency ignores SCTs after it. None by default.
   */
  default java.time.Instant serverDistrustAfter(Cert anchor) {
    return null;
  }

  /** A factory over a fixed set of anchors, with no revocation checking. */
  static TrustDomainFactory of(TrustAnchors anchors) {
    return new TrustDomainFactory() {
      @Override
      public TrustDomain create(List<byte[]> presented, int minRsaBits, byte[] staple) {
        return new InMemoryTrustDomain(anchors, presented, minRsaBits);
      }

      @Override
      public boolean isBuiltInRoot(Cert anchor) {
        TrustAnchors.Anchor a = anchors.find(anchor.der());
        return a != null && a.builtIn();
      }
    };
  }
}
