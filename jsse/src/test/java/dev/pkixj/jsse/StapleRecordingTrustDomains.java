package dev.pkixj.jsse;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.ForwardingTrustDomain;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustDomainFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps a trust-domain factory (in the tests: the trust store's, with Firefox's revocation policy)
 * and records the last staple the verifier was given, to show that it came from the handshake.
 * Every decision is the wrapped domain's.
 */
final class StapleRecordingTrustDomains implements TrustDomainFactory {
  private final TrustDomainFactory inner;
  final AtomicReference<byte[]> lastStaple = new AtomicReference<>();

  StapleRecordingTrustDomains(TrustDomainFactory inner) {
    this.inner = inner;
  }

  @Override
  public TrustDomain create(List<byte[]> presented, int minRsaBits, byte[] staple) {
    lastStaple.set(staple);
    return new ForwardingTrustDomain(inner.create(presented, minRsaBits, staple)) {};
  }

  @Override
  public boolean isBuiltInRoot(Cert anchor) {
    return inner.isBuiltInRoot(anchor);
  }
}
