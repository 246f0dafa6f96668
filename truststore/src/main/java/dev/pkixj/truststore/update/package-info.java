/**
 * One update of all of Firefox's security state pkixj keeps (OneCRL, preloaded intermediates,
 * CRLite filters) from one Remote Settings server, and the stored state's status
 * (docs/security-state.md).
 */
package dev.pkixj.truststore.update;
