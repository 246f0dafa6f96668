/**
 * The mozilla::pkix port (pkixbuild.cpp, pkixcheck.cpp, pkixder, pkixnames, pkixocsp, pkixverify):
 * the layer under Firefox's certificate verifier. pkixj's truststore and verifier modules build
 * on it (README.md, "Layout").
 *
 * <h2>API</h2>
 * The module {@code dev.pkixj.pkix} exports what a trust-domain author needs:
 * <ul>
 *   <li>this package: {@link dev.pkixj.pkix.Cert}, {@link dev.pkixj.pkix.TrustDomain} and
 *       {@link dev.pkixj.pkix.ForwardingTrustDomain}, {@link dev.pkixj.pkix.TrustDomainFactory},
 *       {@link dev.pkixj.pkix.FirefoxAlgorithmPolicy}, {@link dev.pkixj.pkix.InMemoryTrustDomain},
 *       {@link dev.pkixj.pkix.Result}, {@link dev.pkixj.pkix.PkixException},
 *       {@link dev.pkixj.pkix.EndEntityOrCA}, {@link dev.pkixj.pkix.KeyPurposeId},
 *       {@link dev.pkixj.pkix.KeyUsage}, {@link dev.pkixj.pkix.CertPolicy},
 *       {@link dev.pkixj.pkix.TrustLevel}, {@link dev.pkixj.pkix.CertId},
 *       {@link dev.pkixj.pkix.SignatureAlgorithm}, {@link dev.pkixj.pkix.TrustAnchors},
 *       {@link dev.pkixj.pkix.PresentedCertificates};</li>
 *   <li>{@code der}: {@link dev.pkixj.pkix.der.Input} and {@link dev.pkixj.pkix.der.DerReader};</li>
 *   <li>{@code names}: host-name matching and name display;</li>
 *   <li>{@code ocsp}: OCSP request encoding and response verification with its results.</li>
 * </ul>
 *
 * <h2>Not API</h2>
 * {@link dev.pkixj.pkix.PathBuilder}, {@link dev.pkixj.pkix.Checks} and
 * {@link dev.pkixj.pkix.CertCache} are the engine: public because pkixj's own verifier, trust
 * store and tools call them, and exported only because they share this package with the API;
 * they may change without notice. The packages {@code sig} (signature verification and the
 * verified-signature memo) and {@code internal} (raw access to DER arrays) are not exported at
 * all: pkixj's other modules, on the class path, use them; code on the module path cannot.
 */
package dev.pkixj.pkix;
