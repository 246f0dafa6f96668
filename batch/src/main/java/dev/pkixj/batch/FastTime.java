package dev.pkixj.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses times: an RFC 3339 date-time ({@code 2026-01-01T00:00:00Z}, any offset, optional
 * fraction), a plain date ({@code 2026-01-01}, midnight UTC), or seconds since the Unix epoch.
 * Record times are parsed to epoch seconds with the common RFC 3339 forms read byte by byte
 * without allocating, everything else through {@link #instant} (plain dates, epoch seconds in a
 * string, lower-case letters). The two accept exactly the same texts; the fast path only declines
 * what it does not handle. The command line's {@code --time} is {@link #instant}.
 */
public final class FastTime {
  private FastTime() {}

  /** Returned by {@link #tryParse} when the fast path declines. */
  static final long DECLINED = Long.MIN_VALUE;

  /** Epoch seconds of {@code text}; {@link IllegalArgumentException} when it is not a time. */
  public static long parse(String text) {
    byte[] b = new byte[text.length()];
    for (int i = 0; i < b.length; i++) {
      char c = text.charAt(i);
      b[i] = c < 0x80 ? (byte) c : (byte) 0xff;
    }
    long t = tryParse(b, 0, b.length);
    if (t != DECLINED) {
      return t;
    }
    try {
      return instant(text).getEpochSecond();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time (RFC 3339 or epoch seconds)");
    }
  }

  /**
   * Parses any of the forms of the class comment.
   *
   * @throws IllegalArgumentException when {@code value} is none of them, with a one-line message
   *     that quotes it and names the accepted forms
   */
  public static Instant instant(String value) {
    String v = value.trim();
    if (v.matches("-?\\d+")) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(v));
      } catch (RuntimeException e) {
        throw notATime(value);
      }
    }
    try {
      return OffsetDateTime.parse(v.toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw notATime(value);
    }
  }

  private static IllegalArgumentException notATime(String value) {
    return new IllegalArgumentException("'" + value
        + "' is not a time: give RFC 3339 (2026-01-01T00:00:00Z) or seconds since 1970");
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)} in {@code b[off, off+len)} as epoch
   * seconds (the fraction truncated), or {@link #DECLINED}.
   */
  static long tryParse(byte[] b, int off, int len) {
    if (len < 20) {
      return DECLINED;
    }
    int p = off;
    int end = off + len;
    int year = digits(b, p, 4);
    if (year < 0 || b[p + 4] != '-') {
      return DECLINED;
    }
    int month = digits(b, p + 5, 2);
    if (month < 1 || month > 12 || b[p + 7] != '-') {
      return DECLINED;
    }
    int day = digits(b, p + 8, 2);
    if (day < 1 || day > daysInMonth(year, month) || b[p + 10] != 'T') {
      return DECLINED;
    }
    int hour = digits(b, p + 11, 2);
    if (hour < 0 || hour > 23 || b[p + 13] != ':') {
      return DECLINED;
    }
    int minute = digits(b, p + 14, 2);
    if (minute < 0 || minute > 59 || b[p + 16] != ':') {
      return DECLINED;
    }
    int second = digits(b, p + 17, 2);
    if (second < 0 || second > 59) {
      return DECLINED;
    }
    p += 19;
    if (p < end && b[p] == '.') {
      int start = ++p;
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        p++;
      }
      if (p == start || p - start > 9) {
        return DECLINED;
      }
    }
    if (p >= end) {
      return DECLINED;
    }
    int offsetSeconds;
    if (b[p] == 'Z' && p + 1 == end) {
      offsetSeconds = 0;
    } else if ((b[p] == '+' || b[p] == '-') && p + 6 == end && b[p + 3] == ':') {
      int oh = digits(b, p + 1, 2);
      int om = digits(b, p + 4, 2);
      if (oh < 0 || oh > 18 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) {
        return DECLINED;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (b[p] == '-' ? -1 : 1);
    } else {
      return DECLINED;
    }
    return daysFromCivil(year, month, day) * 86400L + hour * 3600L + minute * 60L + second
        - offsetSeconds;
  }

  private static int digits(byte[] b, int p, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      int d = b[p + i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static int daysInMonth(int y, int m) {
    switch (m) {
      case 2:
        return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4: case 6: case 9: case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 (Howard Hinnant's algorithm). */
  static long daysFromCivil(long y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }
}
