/**
 * Crash-safe storage of downloaded security state (the CT log list, OneCRL, the preloaded
 * intermediates; the CRLite filters keep their own directory): named files in {@code
 * ~/.pkixj/security-state/}, each replaced atomically ({@link
 * dev.pkixj.truststore.state.SecurityState}; docs/security-state.md, docs/ct.md "Storage").
 */
package dev.pkixj.truststore.state;
