package dev.pkixj.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One entry of a Certificate Transparency log's {@code get-entries} response (RFC 6962 §4.6):
 * {@code leaf_input} is a MerkleTreeLeaf, {@code extra_data} the chain the submitter sent.
 *
 * <ul>
 *   <li>{@code x509_entry}: the chain is the logged certificate followed by {@code
 *       certificate_chain}.</li>
 *   <li>{@code precert_entry}: the chain is {@code pre_certificate} (the precertificate as
 *       submitted, with its critical poison extension) followed by {@code
 *       precertificate_chain}. Firefox never sees a precertificate, and rejects the poison
 *       extension as an unknown critical extension: that is what the batch reports for such an
 *       entry, verbatim; the entry type is in the output so they can be told apart.</li>
 * </ul>
 * The verification time is the entry's timestamp (when the log accepted it), in seconds.
 */
public final class CtEntry {
  private CtEntry() {}

  private static final com.fasterxml.jackson.core.JsonFactory JSON =
      new com.fasterxml.jackson.core.JsonFactory();

  /** One entry of a response: its index, and the record or what is wrong with it. */
  public record Decoded(long index, ParsedRecord record, String error) {}

  /**
   * Decodes a whole {@code get-entries} response held in memory (a JSON syntax error ends it
   * with one last entry that says where). For inputs read whole, as Spark's binary files are;
   * the command line streams instead.
   */
  public static List<Decoded> readResponse(byte[] json, UnaryOperator<byte[]> intern) {
    List<Decoded> out = new ArrayList<>();
    long index = 0;
    try (com.fasterxml.jackson.core.JsonParser jp = JSON.createParser(json)) {
      if (jp.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        out.add(new Decoded(-1, null, "not a get-entries response"));
        return out;
      }
      while (jp.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String field = jp.currentName();
        com.fasterxml.jackson.core.JsonToken v = jp.nextToken();
        if (!field.equals("entries") || v != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
          jp.skipChildren();
          continue;
        }
        while (jp.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
          byte[] leafInput = null;
          byte[] extraData = null;
          String error = null;
          while (jp.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            String f = jp.currentName();
            com.fasterxml.jackson.core.JsonToken t = jp.nextToken();
            if ((f.equals("leaf_input") || f.equals("extra_data"))
                && t == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
              try {
                if (f.equals("leaf_input")) {
                  leafInput = jp.getBinaryValue();
                } else {
                  extraData = jp.getBinaryValue();
                }
              } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                error = "\"" + f + "\": invalid base64";
              }
            } else {
              jp.skipChildren();
            }
          }
          try {
            out.add(error != null ? new Decoded(index, null, error)
                : new Decoded(index, decode(leafInput, extraData, intern), null));
          } catch (MalformedRecordException e) {
            out.add(new Decoded(index, null, e.getMessage()));
          }
          index++;
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // One line: Jackson's own message appends the location on a second one.
      out.add(new Decoded(index, null, "invalid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
    } catch (java.io.IOException e) {
      out.add(new Decoded(index, null, "invalid JSON: " + e.getMessage()));
    }
    return out;
  }

  /**
   * Decodes one entry.
   *
   * @param intern maps each certificate's DER to a shared instance (identity for none)
   * @throws MalformedRecordException when the structures are malformed
   */
  public static ParsedRecord decode(byte[] leafInput, byte[] extraData,
      UnaryOperator<byte[]> intern) throws MalformedRecordException {
    if (leafInput == null) {
      throw new MalformedRecordException("no \"leaf_input\"");
    }
    if (extraData == null) {
      throw new MalformedRecordException("no \"extra_data\"");
    }
    Reader leaf = new Reader(leafInput, "leaf_input");
    int version = leaf.u8();
    int leafType = leaf.u8();
    if (version != 0 || leafType != 0) {
      throw new MalformedRecordException("leaf_input: unknown version " + version
          + " or leaf type " + leafType);
    }
    long timestampMs = leaf.u64();
    int entryType = leaf.u16();
    Reader extra = new Reader(extraData, "extra_data");
    List<byte[]> chain = new ArrayList<>(4);
    String type;
    if (entryType == 0) {
      type = "x509";
      chain.add(intern.apply(leaf.opaque24("certificate")));
      leaf.opaque16("extensions");
      leaf.end();
      readChain(extra, chain, intern, "certificate_chain");
    } else if (entryType == 1) {
      type = "precert";
      leaf.skip(32, "issuer_key_hash");
      leaf.opaque24("tbs_certificate");
      leaf.opaque16("extensions");
      leaf.end();
      chain.add(intern.apply(extra.opaque24("pre_certificate")));
      readChain(extra, chain, intern, "precertificate_chain");
    } else {
      throw new MalformedRecordException("leaf_input: unknown entry type " + entryType);
    }
    extra.end();
    return new ParsedRecord(null, null, Math.floorDiv(timestampMs, 1000L), chain, type);
  }

  private static void readChain(Reader r, List<byte[]> chain, UnaryOperator<byte[]> intern,
      String what) throws MalformedRecordException {
    Reader list = new Reader(r.opaque24(what), "extra_data " + what);
    while (!list.atEnd()) {
      chain.add(intern.apply(list.opaque24("certificate")));
    }
  }

  /** Big-endian TLS presentation-language reader. */
  private static final class Reader {
    private final byte[] b;
    private final String what;
    private int p;

    Reader(byte[] b, String what) {
      this.b = b;
      this.what = what;
    }

    boolean atEnd() {
      return p == b.length;
    }

    void end() throws MalformedRecordException {
      if (p != b.length) {
        throw new MalformedRecordException(what + ": " + (b.length - p) + " bytes left over");
      }
    }

    private void need(int n, String field) throws MalformedRecordException {
      if (n < 0 || b.length - p < n) {
        throw new MalformedRecordException(what + ": truncated " + field);
      }
    }

    int u8() throws MalformedRecordException {
      need(1, "header");
      return b[p++] & 0xff;
    }

    int u16() throws MalformedRecordException {
      need(2, "header");
      int v = (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
      p += 2;
      return v;
    }

    long u64() throws MalformedRecordException {
      need(8, "timestamp");
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (b[p + i] & 0xff);
      }
      p += 8;
      return v;
    }

    void skip(int n, String field) throws MalformedRecordException {
      need(n, field);
      p += n;
    }

    byte[] opaque24(String field) throws MalformedRecordException {
      need(3, field + " length");
      int n = (b[p] & 0xff) << 16 | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff);
      p += 3;
      need(n, field);
      byte[] v = Arrays.copyOfRange(b, p, p + n);
      p += n;
      return v;
    }

    void opaque16(String field) throws MalformedRecordException {
      int n = u16();
      need(n, field);
      p += n;
    }
  }
}
