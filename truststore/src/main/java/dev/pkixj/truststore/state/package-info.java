/**
 * Crash-safe storage of downloaded security state (the CT log list now; CRLite filters and OneCRL
 * later): named files in {@code ~/.pkixj/security-state/}, each replaced atomically
 * ({@link dev.pkixj.truststore.state.SecurityState}; docs/ct.md, "Storage").
 */
package dev.pkixj.truststore.state;
