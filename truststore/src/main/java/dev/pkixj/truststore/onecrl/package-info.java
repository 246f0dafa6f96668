/**
 * Firefox's OneCRL (the Remote Settings collection {@code security-state/onecrl}) as data:
 * {@link dev.pkixj.truststore.onecrl.OneCrl} the immutable set and its per-certificate lookup,
 * {@link dev.pkixj.truststore.onecrl.OneCrlParser} the collection's JSON in all its shapes
 * (changeset, records list or dump, bare array), and
 * {@link dev.pkixj.truststore.onecrl.OneCrlStore} the stored copy in the security-state directory.
 * docs/onecrl.md describes the behaviour, docs/limits.md "OneCRL" the limits.
 */
package dev.pkixj.truststore.onecrl;
