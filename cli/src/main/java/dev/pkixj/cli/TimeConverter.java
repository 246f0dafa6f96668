package dev.pkixj.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code --time}: an RFC 3339 date-time ({@code 2026-01-01T00:00:00Z}, any offset, optional
 * fraction), a plain date ({@code 2026-01-01}, midnight UTC), or seconds since the Unix epoch.
 */
public final class TimeConverter implements CommandLine.ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    return parse(value);
  }

  /** Parses as described in the class comment; {@link CommandLine.TypeConversionException}. */
  public static Instant parse(String value) {
    String v = value.trim();
    if (v.matches("-?\\d+")) {
      try {
        return Instant.ofEpochSecond(Long.parseLong(v));
      } catch (RuntimeException e) {
        throw bad(value);
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
      throw bad(value);
    }
  }

  private static CommandLine.TypeConversionException bad(String value) {
    return new CommandLine.TypeConversionException("'" + value
        + "' is not a time: give RFC 3339 (2026-01-01T00:00:00Z) or seconds since 1970");
  }
}
