package dev.pkixj.truststore;

import java.util.List;

/** What an import produced: the usable entries, and a problem for each part that was not. */
public record ImportResult(List<TrustEntry> entries, List<ImportProblem> problems) {
  public ImportResult {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }
}
