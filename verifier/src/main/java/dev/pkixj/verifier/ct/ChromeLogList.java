package dev.pkixj.verifier.ct;

import dev.pkixj.truststore.json.JsonException;
import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Chrome's CT log list (v3 schema, {@code log_list.json}) into a {@link CtLogList} the way
 * Firefox compiles it into CTKnownLogs.h (spec part A6): usable, qualified and readonly logs are
 * admissible with the state's timestamp, retired logs are retired with theirs, pending and
 * rejected logs (and logs without a state) are left out; {@code tiled_logs} are static-ct-api
 * logs; a log's operator id is its operator's position in the list; the list expires 10 weeks
 * after its {@code log_list_timestamp}.
 *
 * <p>A list is refused whole ({@link LogListException}, naming the source and the log) when it is
 * not strict JSON, has no timestamp, or any log's {@code log_id} is not SHA-256 of its {@code
 * key}, a base64 value is malformed, a key is not a P-256 or an RSA (≥ 2048 bits)
 * SubjectPublicKeyInfo, or two logs share an id. Limits: docs/limits.md.
 */
public final class ChromeLogList {
  /** How long after its timestamp a list is in force (Firefox's kCTExpirationTime). */
  public static final Duration VALIDITY = Duration.ofDays(70);

  /** The largest log list accepted, in bytes (Chrome's is about 100 KB). */
  public static final int MAX_BYTES = 4 << 20;

  static final JsonReader.Limits LIMITS = new JsonReader.Limits(MAX_BYTES, 16, 64 << 10, 32,
      1 << 18);


  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private ChromeLogList() {}

  /** The parts of a list {@link #parse} reads besides the logs, for reports. */
  public record Parsed(CtLogList list, String version, int omitted) {}

  /**
   * Parses a whole list.
   *
   * @param json the file's bytes (UTF-8)
   * @param source the file name or URL, for messages and {@link CtLogList#source()}
   */
  public static CtLogList parse(byte[] json, String source) throws LogListException {
    return parseDetailed(json, source).list();
  }

  /** {@link #parse} with the list's version and the number of logs left out. */
  public static Parsed parseDetailed(byte[] json, String source) throws LogListException {
    JsonObject top;
    try {
      top = JsonReader.parseObject(json, LIMITS);
    } catch (JsonException e) {
      throw new LogListException(source + ": not a log list: " + e.getMessage());
    }
    try {
      return read(top, source);
    } catch (JsonException e) {
      throw new LogListException(source + ": " + e.getMessage());
    }
  }

  private static Parsed read(JsonObject top, String source)
      throws JsonException, LogListException {
    if (!top.has("log_list_timestamp")) {
      throw new LogListException(source + ": no log_list_timestamp: not a v3 log list");
    }
    Instant timestamp = time(top, "log_list_timestamp", source);
    String version = top.optString("version").orElse("");
    List<JsonObject> operators = top.objects("operators", true);
    List<CtLog> logs = new ArrayList<>();
    Map<String, String> seenIds = new HashMap<>();
    int omitted = 0;
    for (int op = 0; op < operators.size(); op++) {
      JsonObject operator = operators.get(op);
      String operatorName = operator.string("name");
      for (CtLog.Format format : CtLog.Format.values()) {
        String member = format == CtLog.Format.TILED ? "tiled_logs" : "logs";
        for (JsonObject log : operator.objects(member, false)) {
          Optional<CtLog> l = log(log, operatorName, op, format, source, seenIds);
          if (l.isPresent()) {
            logs.add(l.get());
          } else {
            omitted++;
          }
        }
      }
    }
    CtLogList list = new CtLogList(logs, timestamp, timestamp.plus(VALIDITY), source);
    return new Parsed(list, version, omitted);
  }

  private static Optional<CtLog> log(JsonObject log, String operator, int operatorId,
      CtLog.Format format, String source, Map<String, String> seenIds)
      throws JsonException, LogListException {
    String name = log.optString("description").orElse(log.path());
    String where = source + ": log \"" + name + "\" (" + log.path() + ")";
    byte[] key = base64(log, "key", where);
    byte[] id = base64(log, "log_id", where);
    if (!Arrays.equals(id, CtLog.sha256(key))) {
      throw new LogListException(where + ": log_id is not SHA-256 of its key");
    }
    String keyProblem = keyProblem(key);
    if (keyProblem != null) {
      throw new LogListException(where + ": key " + keyProblem);
    }
    String idText = Base64.getEncoder().encodeToString(id);
    String other = seenIds.putIfAbsent(idText, name);
    if (other != null) {
      throw new LogListException(where + ": same log_id as \"" + other + "\"");
    }
    Optional<JsonObject> stateObject = log.optObject("state");
    if (stateObject.isEmpty()) {
      return Optional.empty();
    }
    JsonObject state = stateObject.get();
    if (state.names().size() != 1) {
      throw new LogListException(where + ": state must have exactly one member, has "
          + state.names().size());
    }
    String stateName = state.names().iterator().next();
    CtLog.State mapped;
    switch (stateName) {
      case "usable", "qualified", "readonly" -> mapped = CtLog.State.ADMISSIBLE;
      case "retired" -> mapped = CtLog.State.RETIRED;
      case "pending", "rejected" -> {
        return Optional.empty();
      }
      default -> throw new LogListException(where + ": unknown state \"" + stateName + "\"");
    }
    Instant since = time(state.object(stateName), "timestamp", where);
    return Optional.of(new CtLog(name, operator, operatorId, mapped, since.toEpochMilli(), format,
        key));
  }

  private static byte[] base64(JsonObject o, String member, String where)
      throws JsonException, LogListException {
    String text = o.string(member);
    try {
      byte[] b = Base64.getDecoder().decode(text);
      if (b.length == 0) {
        throw new LogListException(where + ": " + member + " is empty");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new LogListException(where + ": " + member + " is not valid base64");
    }
  }

  private static Instant time(JsonObject o, String member, String where)
      throws JsonException, LogListException {
    String text = o.string(member);
    try {
      Instant t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      if (t.isBefore(Instant.EPOCH) || t.isAfter(LATEST)) {
        throw new LogListException(where + ": " + o.pathOf(member) + " \"" + text
            + "\" is out of range (1970 to 9999)");
      }
      return t;
    } catch (DateTimeParseException e) {
      throw new LogListException(where + ": " + o.pathOf(member) + " \"" + text
          + "\" is not an RFC 3339 time");
    }
  }

  /**
   * Null if {@code spki} is a key Firefox accepts for a log ({@link LogKeys}); else what is
   * wrong with it.
   */
  static String keyProblem(byte[] spki) {
    return LogKeys.check(spki).problem();
  }
}
