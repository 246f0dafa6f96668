/**
 * The mozilla::pkix port (pkixbuild.cpp, pkixcheck.cpp, pkixder, pkixnames, pkixocsp, pkixverify):
 * the layer under Firefox's certificate verifier. pkixj's truststore and verifier modules build
 * on it (README.md, "Layout").
 *
 * <h2>API</h2>
 * The module {@code dev.pkixj.pkix} exports what a trust-domain author and pkixj's upper layers
 * need:
 * <ul>
 *   <li>this package: {@link dev.pkixj.pkix.Pkix}, the entry points as mozilla::pkix's
 *       {@code pkix.h} declares them (path building with the built chain, the TLS-feature
 *       check); {@link dev.pkixj.pkix.Cert} with {@link dev.pkixj.pkix.Cert#of(byte[])}, the
 *       process-wide cache of parsed certificates; {@link dev.pkixj.pkix.TrustDomain} and
 *       {@link dev.pkixj.pkix.ForwardingTrustDomain}, {@link dev.pkixj.pkix.TrustDomainFactory},
 *       {@link dev.pkixj.pkix.FirefoxAlgorithmPolicy}, {@link dev.pkixj.pkix.InMemoryTrustDomain},
 *       {@link dev.pkixj.pkix.Result}, {@link dev.pkixj.pkix.PkixException},
 *       {@link dev.pkixj.pkix.EndEntityOrCA}, {@link dev.pkixj.pkix.KeyPurposeId},
 *       {@link dev.pkixj.pkix.KeyUsage}, {@link dev.pkixj.pkix.CertPolicy},
 *       {@link dev.pkixj.pkix.TrustLevel}, {@link dev.pkixj.pkix.CertId},
 *       {@link dev.pkixj.pkix.SignatureAlgorithm}, {@link dev.pkixj.pkix.TrustAnchors},
 *       {@link dev.pkixj.pkix.PresentedCertificates};</li>
 *   <li>{@code der}: {@link dev.pkixj.pkix.der.Input} and {@link dev.pkixj.pkix.der.DerReader};</li>
 *   <li>{@code names}: host-name matching ({@code CheckCertHostname}) and name display;</li>
 *   <li>{@code ocsp}: OCSP request encoding and response verification with its results.</li>
 * </ul>
 *
 * <h2>Not API</h2>
 * The engine is package-private here: the path builder ({@code PathBuilder}), the checks in
 * error-priority order ({@code Checks}) and the parsed-certificate cache ({@code CertCache});
 * callers reach them only through {@link dev.pkixj.pkix.Pkix} and {@link
 * dev.pkixj.pkix.Cert#of(byte[])}. The packages {@code sig} (signature verification and the
 * verified-signature memo) and {@code internal} (raw access to DER arrays, and {@code
 * EngineAccess}, through which {@code names} and {@code ocsp} reach the engine's checks) are not
 * exported: code on the module path cannot use them; pkixj's own modules, on the class path,
 * can.
 */
package dev.pkixj.pkix;
