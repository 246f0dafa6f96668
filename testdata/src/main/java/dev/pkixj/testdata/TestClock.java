package dev.pkixj.testdata;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** The fixed reference time for all test data; certificates default to being valid at {@link #NOW}. */
public final class TestClock {
    private TestClock() {}

    /** 2026-06-01T00:00:00Z. */
    public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    /** {@link #NOW} plus {@code days} days (negative for the past). */
    public static Instant daysFromNow(long days) {
        return NOW.plus(Duration.ofDays(days));
    }

    /** {@link #NOW} minus {@code days} days. */
    public static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    /** {@link #NOW} as a {@link Date}, for JDK APIs. */
    public static Date nowDate() {
        return Date.from(NOW);
    }
}
