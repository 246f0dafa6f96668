/**
 * The verifier's part of CRLite: where the end-entity's SCT timestamps come from
 * (docs/crlite.md). The filters and the decision are in truststore.
 */
package dev.pkixj.verifier.crlite;
