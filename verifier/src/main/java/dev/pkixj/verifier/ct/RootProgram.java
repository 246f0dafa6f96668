package dev.pkixj.verifier.ct;

import dev.pkixj.pkix.Cert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The roots under which CT is enforced in {@link CtMode#AUTO}: the SHA-256 fingerprints of the
 * roots of a root program (Mozilla's, with server-authentication trust, for Firefox's behaviour).
 * A root is recognised by its fingerprint whatever store it came from. Immutable.
 */
public final class RootProgram {
  /** No roots: CT never applies in {@link CtMode#AUTO}. */
  public static final RootProgram NONE = new RootProgram(List.of(), "none");

  private final long[] sortedPrefixes; // first 8 bytes of each fingerprint, sorted
  private final byte[][] fingerprints; // in the same order as sortedPrefixes
  private final String source;

  private RootProgram(Collection<byte[]> sha256Fingerprints, String source) {
    List<byte[]> fps = new ArrayList<>(sha256Fingerprints);
    for (byte[] fp : fps) {
      if (fp == null || fp.length != 32) {
        throw new IllegalArgumentException("a SHA-256 fingerprint has 32 bytes");
      }
    }
    fps.sort(Arrays::compareUnsigned);
    this.fingerprints = fps.stream().map(byte[]::clone).toArray(byte[][]::new);
    this.sortedPrefixes = new long[fingerprints.length];
    for (int i = 0; i < fingerprints.length; i++) {
      sortedPrefixes[i] = prefix(fingerprints[i]);
    }
    this.source = source;
  }

  /** A root program made of these SHA-256 certificate fingerprints. */
  public static RootProgram of(Collection<byte[]> sha256Fingerprints, String source) {
    return new RootProgram(sha256Fingerprints, source);
  }

  private static long prefix(byte[] fp) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (fp[i] & 0xff);
    }
    return v ^ Long.MIN_VALUE; // unsigned order as signed
  }

  /** The resource {@link #mozilla()} reads, relative to this class. */
  static final String MOZILLA_RESOURCE = "mozilla-roots.txt";

  private static final class Mozilla {
    static final RootProgram PROGRAM = load();

    private static RootProgram load() {
      try (java.io.InputStream in = RootProgram.class.getResourceAsStream(MOZILLA_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the resource " + MOZILLA_RESOURCE
              + " is missing from the class path");
        }
        return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
            "mozilla");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /**
   * Mozilla's root program: the roots NSS's certdata.txt trusts for server authentication
   * (Firefox's built-in roots for TLS, spec part A1), from the resource {@code mozilla-roots.txt}
   * beside this class (its README says which NSS it came from). Loaded once.
   */
  public static RootProgram mozilla() {
    return Mozilla.PROGRAM;
  }

  /**
   * Reads the {@code mozilla-roots.txt} format: {@code #} comment lines, then one root a line,
   * 64 hexadecimal digits of its SHA-256 fingerprint, a space and its name.
   *
   * @throws IllegalArgumentException naming the line when a line is not in that format
   */
  static RootProgram parse(String text, String source) {
    List<byte[]> fps = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.length() < 64 || (line.length() > 64 && line.charAt(64) != ' ')) {
        throw new IllegalArgumentException(source + " line " + (i + 1)
            + ": not a SHA-256 fingerprint and a name");
      }
      try {
        fps.add(HexFormat.of().parseHex(line, 0, 64));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + " line " + (i + 1)
            + ": not a SHA-256 fingerprint in hexadecimal");
      }
    }
    return new RootProgram(fps, source);
  }

  /** True if the certificate whose SHA-256 fingerprint is {@code sha256} is in the program. */
  public boolean contains(byte[] sha256) {
    if (sha256 == null || sha256.length != 32) {
      return false;
    }
    int i = Arrays.binarySearch(sortedPrefixes, prefix(sha256));
    if (i < 0) {
      return false;
    }
    while (i > 0 && sortedPrefixes[i - 1] == sortedPrefixes[i]) {
      i--;
    }
    for (; i < fingerprints.length && sortedPrefixes[i] == prefix(sha256); i++) {
      if (Arrays.equals(fingerprints[i], sha256)) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code root} is in the program. */
  public boolean contains(Cert root) {
    return root != null && contains(root.sha256());
  }

  public int size() {
    return fingerprints.length;
  }

  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "RootProgram(" + source + ", " + fingerprints.length + " roots"
        + (fingerprints.length > 0 ? ", first " + HexFormat.of().formatHex(fingerprints[0]) : "")
        + ")";
  }
}
