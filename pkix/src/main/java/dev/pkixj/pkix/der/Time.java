package dev.pkixj.pkix.der;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;

/** Strict X.509 time parsing (pkixder {@code TimeChoice}); times are seconds since 1970 UTC. */
public final class Time {
  private Time() {}

  private static final int[] DAYS_BEFORE_MONTH = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

  static long parse(byte[] b, int off, int len, boolean generalized) throws PkixException {
    int p = off;
    int end = off + len;
    int year;
    if (generalized) {
      if (end - p < 4) {
        throw invalid();
      }
      year = twoDigits(b, p, 0, 99) * 100 + twoDigits(b, p + 2, 0, 99);
      p += 4;
    } else {
      if (end - p < 2) {
        throw invalid();
      }
      int yy = twoDigits(b, p, 0, 99);
      year = (yy >= 50 ? 1900 : 2000) + yy;
      p += 2;
    }
    if (year < 1970) {
      throw invalid();
    }
    // MMDDHHMMSSZ: exactly 11 more bytes.
    if (end - p != 11) {
      // Read digit by digit to fail the same way mozilla::pkix does on short/long input.
      throw invalid();
    }
    boolean leap = (year % 4 == 0) && (year % 100 != 0 || year % 400 == 0);
    int month = twoDigits(b, p, 1, 12);
    int daysInMonth = month == 2 ? (leap ? 29 : 28)
        : (month == 4 || month == 6 || month == 9 || month == 11) ? 30 : 31;
    int day = twoDigits(b, p + 2, 1, daysInMonth);
    int hour = twoDigits(b, p + 4, 0, 23);
    int minute = twoDigits(b, p + 6, 0, 59);
    int second = twoDigits(b, p + 8, 0, 59);
    if (b[p + 10] != 'Z') {
      throw invalid();
    }
    long days = daysBeforeYear(year) + DAYS_BEFORE_MONTH[month - 1] + (month > 2 && leap ? 1 : 0)
        + (day - 1);
    return days * 86400L + hour * 3600L + minute * 60L + second;
  }

  /** Days from 1970-01-01 to January 1 of {@code year} (year ≥ 1970). */
  static long daysBeforeYear(int year) {
    long y = year - 1;
    long daysTo = y * 365 + y / 4 - y / 100 + y / 400; // days from 0001-01-01
    return daysTo - 719162; // 719162 = days from 0001-01-01 to 1970-01-01
  }

  private static int twoDigits(byte[] b, int p, int min, int max) throws PkixException {
    int hi = b[p] - '0';
    int lo = b[p + 1] - '0';
    if (hi < 0 || hi > 9 || lo < 0 || lo > 9) {
      throw invalid();
    }
    int v = hi * 10 + lo;
    if (v < min || v > max) {
      throw invalid();
    }
    return v;
  }

  private static PkixException invalid() {
    return new PkixException(Result.SEC_ERROR_INVALID_TIME);
  }
}
