/**
 * Firefox's preloaded intermediates (the Remote Settings collection {@code
 * security-state/intermediates}) as data: the set path building consults after the certificates
 * the server sent and before the certificate database ({@link
 * dev.pkixj.truststore.intermediates.PreloadedIntermediates}), how it is imported from files
 * ({@link dev.pkixj.truststore.intermediates.IntermediatesImport}) and stored ({@link
 * dev.pkixj.truststore.intermediates.IntermediatesStore}). See docs/intermediates.md and spec
 * firefox-security-state.md section 1.
 */
package dev.pkixj.truststore.intermediates;
