package dev.pkixj.batch.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.batch.CtEntry;
import dev.pkixj.batch.DerInterner;
import dev.pkixj.batch.MalformedRecordException;
import dev.pkixj.batch.ParsedRecord;
import dev.pkixj.batch.RecordParser;
import java.util.function.UnaryOperator;

/**
 * Fuzz targets for the batch record readers: one NDJSON record ({@code RecordParser}) and a CT
 * get-entries response ({@code CtEntry}). The whole input file through {@code pkixj batch} is
 * cli's {@code BatchFuzzTest}.
 *
 * <p>Rule: a record is parsed or refused with a message, a CT entry is a record or an error
 * (never both, never neither), and nothing else is thrown.
 */
class ReaderFuzzTest {
  @FuzzTest
  void record(byte[] data) {
    ParsedRecord r;
    try {
      r = new RecordParser(new DerInterner(64)).parse(data, 0, data.length);
    } catch (MalformedRecordException e) {
      require(e.getMessage() != null && !e.getMessage().isBlank(), "refused without a reason");
      return;
    }
    require(r != null && r.chain() != null && !r.chain().isEmpty(), "a record without a chain");
    for (byte[] der : r.chain()) {
      require(der != null, "null certificate");
    }
  }

  @FuzzTest
  void ctResponse(byte[] data) {
    for (CtEntry.Decoded d : CtEntry.readResponse(data, UnaryOperator.identity())) {
      require((d.record() == null) != (d.error() == null), "record and error: " + d);
      if (d.record() != null) {
        require(!d.record().chain().isEmpty(), "an entry without a chain");
      } else {
        require(!d.error().isBlank(), "an error without a message");
      }
    }
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
