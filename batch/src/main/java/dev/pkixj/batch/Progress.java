package dev.pkixj.batch;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error, redrawn four times a second: the share of the
 * input read (when its size is known), records, records per second, the estimated time left, and
 * the invalid and malformed counts so far. Only for a terminal; {@link #stop} clears the line.
 */
public final class Progress {
  private final PrintStream err;
  private final RunStats stats;
  private final LongSupplier bytesRead;
  private final long totalBytes;
  private final long start = System.nanoTime();
  private final long startRecords;
  private volatile boolean running = true;
  private Thread thread;
  private int lastWidth;

  public Progress(PrintStream err, RunStats stats, LongSupplier bytesRead, long totalBytes) {
    this.err = err;
    this.stats = stats;
    this.bytesRead = bytesRead;
    this.totalBytes = totalBytes;
    this.startRecords = stats.records;
  }

  public void start() {
    thread = new Thread(() -> {
      while (running) {
        draw();
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "pkixj-batch-progress");
    thread.setDaemon(true);
    thread.start();
  }

  public void stop() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      err.print("\r" + " ".repeat(lastWidth) + "\r");
      err.flush();
    }
  }

  synchronized void draw() {
    double secs = (System.nanoTime() - start) / 1e9;
    long done = stats.records;
    double rate = secs > 0 ? (done - startRecords) / secs : 0;
    StringBuilder sb = new StringBuilder("\r");
    if (totalBytes > 0) {
      double frac = Math.min(1.0, (double) bytesRead.getAsLong() / totalBytes);
      int width = 24;
      int full = (int) Math.round(frac * width);
      sb.append('[').append("█".repeat(full)).append("░".repeat(width - full)).append("] ");
      sb.append(String.format(Locale.ROOT, "%5.1f%%  ", frac * 100));
      if (frac > 0.001 && secs > 1) {
        long eta = (long) (secs / frac - secs);
        sb.append(String.format(Locale.ROOT, "ETA %d:%02d  ", eta / 60, eta % 60));
      }
    }
    sb.append(String.format(Locale.ROOT, "%,d records  %,.0f/s  invalid %,d  malformed %,d",
        done, rate, stats.invalid, stats.malformed));
    int w = sb.length() - 1;
    if (w < lastWidth) {
      sb.append(" ".repeat(lastWidth - w));
    }
    lastWidth = w;
    err.print(sb);
    err.flush();
  }
}
