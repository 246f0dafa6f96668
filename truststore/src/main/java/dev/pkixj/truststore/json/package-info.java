/**
 * A small strict JSON reader (RFC 8259) for the files pkixj reads from the outside: Chrome's CT
 * log list, Remote Settings records. No dependency; bounded in input size, depth, string and
 * number length (docs/limits.md). {@link dev.pkixj.truststore.json.JsonReader#parse} gives a tree
 * of {@link dev.pkixj.truststore.json.JsonObject}, {@link java.util.List}, {@link String},
 * {@link java.math.BigDecimal}, {@link Boolean} and {@link dev.pkixj.truststore.json.JsonNull}.
 */
package dev.pkixj.truststore.json;
