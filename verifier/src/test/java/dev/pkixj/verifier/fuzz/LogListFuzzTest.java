package dev.pkixj.verifier.fuzz;

import static dev.pkixj.verifier.fuzz.Oracle.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.verifier.ct.ChromeLogList;
import dev.pkixj.verifier.ct.CtLog;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.LogListException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Fuzz target for Chrome's log-list reader (docs/limits.md, "JSON" and "CT log list"). Rule: a
 * list either loads, with every log's id SHA-256 of its key and no two logs with the same id, or
 * is refused with a {@link LogListException} whose message names the source; never another
 * exception.
 */
class LogListFuzzTest {
  @FuzzTest
  void logList(byte[] data) throws NoSuchAlgorithmException {
    CtLogList list;
    try {
      list = ChromeLogList.parse(data, "fuzz.json");
    } catch (LogListException e) {
      require(e.getMessage().startsWith("fuzz.json: "), "message without the source: "
          + e.getMessage());
      return;
    }
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (CtLog log : list.logs()) {
      require(Arrays.equals(sha256.digest(log.spki()), log.logId()), "id is not the key's hash");
      require(list.byId(log.logId()) == log, "two logs with one id");
    }
    require(list.expiry().equals(list.timestamp().plus(ChromeLogList.VALIDITY)), "expiry");
  }
}
