package dev.pkixj.truststore.importer;

import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the entries and problems of one import. The same certificate (same DER) met twice is
 * kept once, at its first position, with the more restrictive of the two trusts (DISTRUSTED over
 * INHERIT over ANCHOR) and the earlier distrust-after; the first label wins.
 */
final class ImportCollector {
  private final Map<ByteBuffer, TrustEntry> entries = new LinkedHashMap<>();
  private final List<ImportProblem> problems = new ArrayList<>();

  void add(TrustEntry e) {
    ByteBuffer key = ByteBuffer.wrap(e.der());
    TrustEntry old = entries.get(key);
    if (old == null) {
      entries.put(key, e);
      return;
    }
    Trust t = restrictive(old.trust(), e.trust());
    java.time.Instant da = old.distrustAfter();
    if (e.distrustAfter() != null && (da == null || e.distrustAfter().isBefore(da))) {
      da = e.distrustAfter();
    }
    if (t != old.trust() || da != old.distrustAfter()) {
      entries.put(key, new TrustEntry(old.der(), t, da, old.label(), old.source()));
    }
  }

  void problem(String file, String where, String message) {
    problems.add(new ImportProblem(file, where == null ? "" : where, message));
  }

  void addAll(ImportResult r) {
    r.entries().forEach(this::add);
    problems.addAll(r.problems());
  }

  int problemCount() {
    return problems.size();
  }

  int entryCount() {
    return entries.size();
  }

  ImportResult result() {
    return new ImportResult(new ArrayList<>(entries.values()), problems);
  }

  static Trust restrictive(Trust a, Trust b) {
    return a.ordinal() >= b.ordinal() ? a : b; // ANCHOR < INHERIT < DISTRUSTED
  }

  /** "line N", the form every importer uses for {@link ImportProblem#where()}. */
  static String line(int n) {
    return "line " + n;
  }

  /** The OS error behind an I/O failure, in words. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof FileSystemException) {
      String reason = ((FileSystemException) e).getReason();
      return reason != null ? reason : e.getClass().getSimpleName();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
