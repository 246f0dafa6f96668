/**
 * A small Remote Settings client (Firefox's settings server: changesets with their content
 * signature checked as Firefox does, attachments with their SHA-256 checked), used for the CRLite
 * filters and meant for OneCRL and the intermediates too (spec firefox-security-state.md section
 * 3; docs/remote-settings.md; docs/crlite.md "Filters on disk and updates").
 */
package dev.pkixj.truststore.remotesettings;
