/**
 * Test PKI builder for pkixj tests: deterministic keys ({@link dev.pkixj.testdata.TestKeys}), hand-encoded
 * certificates that can be valid or deliberately malformed ({@link dev.pkixj.testdata.CertBuilder}),
 * ready-made chains ({@link dev.pkixj.testdata.TestPki}), OCSP responses
 * ({@link dev.pkixj.testdata.OcspResponseBuilder}) and PEM helpers ({@link dev.pkixj.testdata.Pem}).
 * Everything is relative to the fixed time {@link dev.pkixj.testdata.TestClock#NOW}.
 */
package dev.pkixj.testdata;
