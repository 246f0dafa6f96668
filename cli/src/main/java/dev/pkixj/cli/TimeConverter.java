package dev.pkixj.cli;

import dev.pkixj.batch.FastTime;
import java.time.Instant;
import picocli.CommandLine;

/**
 * {@code --time}: an RFC 3339 date-time ({@code 2026-01-01T00:00:00Z}, any offset, optional
 * fraction), a plain date ({@code 2026-01-01}, midnight UTC), or seconds since the Unix epoch
 * ({@link FastTime#instant}, the parser of the batch records' times).
 */
public final class TimeConverter implements CommandLine.ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    return parse(value);
  }

  /** Parses as described in the class comment; {@link CommandLine.TypeConversionException}. */
  public static Instant parse(String value) {
    try {
      return FastTime.instant(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
