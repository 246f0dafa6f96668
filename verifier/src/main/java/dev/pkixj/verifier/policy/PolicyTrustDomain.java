package dev.pkixj.verifier.policy;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.ForwardingTrustDomain;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustLevel;

/**
 * A trust domain that adds a {@link TlsPolicy}'s checks to another one, for one verification
 * pass (as Firefox's {@code NSSCertDBTrustDomain} does them itself):
 * <ul>
 *   <li>{@link #getCertTrust}: a certificate on the {@link RevocationBlocklist} fails with
 *       REVOKED_CERTIFICATE before the inner domain is asked (OneCRL comes first in Firefox's
 *       {@code GetCertTrust}; TLS server verification only);</li>
 *   <li>{@link #isChainValid}: after the inner domain's own checks (distrust-after, …), a
 *       {@link CaDistrust} rule that covers the root and refuses the chain fails it with
 *       ADDITIONAL_POLICY_CONSTRAINT_FAILED and notes it (Firefox's
 *       {@code mSawDistrustedCAByPolicyError}; only with a host name).</li>
 * </ul>
 * Everything else is the inner domain's. Used by one verification at a time, like every trust
 * domain.
 */
public final class PolicyTrustDomain extends ForwardingTrustDomain {
  private final TlsPolicy policy;
  private final boolean blocklist;
  private final boolean caDistrust;
  private boolean sawDistrustedCaByPolicy;

  /**
   * @param blocklist apply the blocklist (TLS server verification)
   * @param caDistrust apply the CA distrust rules (TLS server verification with a host name)
   */
  public PolicyTrustDomain(TrustDomain inner, TlsPolicy policy, boolean blocklist,
      boolean caDistrust) {
    super(inner);
    this.policy = policy;
    this.blocklist = blocklist && !policy.blocklist().isEmpty();
    this.caDistrust = caDistrust && !policy.caDistrust().isEmpty();
  }

  /** Firefox's {@code ResetAccumulatedState}: called before each build. */
  public void resetAccumulatedState() {
    sawDistrustedCaByPolicy = false;
  }

  /**
   * True if, since the last reset, a path was refused by a CA distrust rule (Firefox's {@code
   * GetIsErrorDueToDistrustedCAPolicy}): the verifier then reports
   * ADDITIONAL_POLICY_CONSTRAINT_FAILED instead of whatever non-fatal, non-revocation error the
   * search ended with, since several paths may have failed differently.
   */
  public boolean sawDistrustedCaByPolicy() {
    return sawDistrustedCaByPolicy;
  }

  @Override
  public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy certPolicy, Cert cert)
      throws PkixException {
    if (blocklist && policy.blocklist().isRevoked(cert)) {
      throw new PkixException(Result.SEC_ERROR_REVOKED_CERTIFICATE);
    }
    return super.getCertTrust(role, certPolicy, cert);
  }

  @Override
  public void isChainValid(Cert[] chain, int length, long time, CertPolicy certPolicy)
      throws PkixException {
    super.isChainValid(chain, length, time, certPolicy);
    if (!caDistrust) {
      return;
    }
    Cert root = chain[length - 1];
    for (CaDistrust rule : policy.caDistrust()) {
      if (rule.coversRoot(root) && rule.refuses(chain, length)) {
        sawDistrustedCaByPolicy = true;
        throw new PkixException(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED);
      }
    }
  }

  /** The wrapped domain. */
  public TrustDomain inner() {
    return delegate();
  }

  @Override
  public String toString() {
    return "PolicyTrustDomain[" + delegate() + "]";
  }
}
