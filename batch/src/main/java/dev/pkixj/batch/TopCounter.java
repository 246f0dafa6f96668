package dev.pkixj.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts keys (issuer names, host names) with bounded memory: exact while fewer than {@code
 * capacity} distinct keys have been seen; past that, the keys with the lowest counts are dropped
 * (half of them at a time), so the frequent ones keep counting and rare newcomers may be
 * undercounted. {@link #approximate()} says whether that happened.
 */
final class TopCounter {
  private final int capacity;
  private final Map<String, long[]> counts = new HashMap<>();
  private boolean approximate;

  TopCounter(int capacity) {
    this.capacity = capacity;
  }

  void add(String key, long n) {
    if (key == null) {
      return;
    }
    long[] c = counts.get(key);
    if (c != null) {
      c[0] += n;
      return;
    }
    if (counts.size() >= capacity) {
      prune();
    }
    counts.put(key, new long[] {n});
  }

  private void prune() {
    approximate = true;
    long[] all = new long[counts.size()];
    int i = 0;
    for (long[] c : counts.values()) {
      all[i++] = c[0];
    }
    java.util.Arrays.sort(all);
    long median = all[all.length / 2];
    counts.values().removeIf(c -> c[0] <= median);
    if (counts.size() >= capacity) { // all equal: drop arbitrarily
      List<String> keys = new ArrayList<>(counts.keySet());
      for (int k = 0; k < keys.size() / 2; k++) {
        counts.remove(keys.get(k));
      }
    }
  }

  boolean approximate() {
    return approximate;
  }

  /** The {@code n} most frequent keys, most frequent first (ties by name). */
  List<Map.Entry<String, Long>> top(int n) {
    List<Map.Entry<String, Long>> list = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      list.add(Map.entry(e.getKey(), e.getValue()[0]));
    }
    list.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
        : Long.compare(b.getValue(), a.getValue()));
    return list.size() > n ? list.subList(0, n) : list;
  }
}
