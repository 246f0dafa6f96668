package dev.pkixj.truststore.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON object as {@link JsonReader} reads it: members in document order, names unique, and the
 * object's path in the document ({@code operators[2].logs[0]}, empty for the top level) so that
 * the typed accessors can say which value had the wrong shape. Immutable.
 */
public final class JsonObject {
  private final Map<String, Object> members;
  private final String path;

  JsonObject(Map<String, Object> members, String path) {
    this.members = Collections.unmodifiableMap(members);
    this.path = path;
  }

  /** Where this object is in the document, e.g. {@code operators[2].logs[0]}; "" at the top. */
  public String path() {
    return path;
  }

  /** The members in document order (values as {@link JsonReader#parse} describes). */
  public Map<String, Object> members() {
    return members;
  }

  public Set<String> names() {
    return members.keySet();
  }

  public boolean has(String name) {
    return members.containsKey(name);
  }

  /** The member's value, or null if it is absent (JSON null is {@link JsonNull#NULL}). */
  public Object get(String name) {
    return members.get(name);
  }

  /** The path of a member of this object, for messages. */
  public String pathOf(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private Object required(String name) throws JsonException {
    Object v = members.get(name);
    if (v == null) {
      throw new JsonException(
          (path.isEmpty() ? "" : path + ": ") + "member \"" + name + "\" is missing");
    }
    return v;
  }

  private JsonException wrongType(String name, String expected, Object v) {
    return new JsonException(pathOf(name) + ": expected " + expected + ", found " + typeName(v));
  }

  /** A description of a value's JSON type, for messages. */
  public static String typeName(Object v) {
    if (v instanceof String) {
      return "a string";
    } else if (v instanceof BigDecimal) {
      return "a number";
    } else if (v instanceof Boolean) {
      return "a boolean";
    } else if (v instanceof JsonObject) {
      return "an object";
    } else if (v instanceof List) {
      return "an array";
    } else if (v == JsonNull.NULL) {
      return "null";
    }
    return "nothing";
  }

  /** A required string member. */
  public String string(String name) throws JsonException {
    Object v = required(name);
    if (!(v instanceof String s)) {
      throw wrongType(name, "a string", v);
    }
    return s;
  }

  /** An optional string member (absent or null: empty). */
  public Optional<String> optString(String name) throws JsonException {
    Object v = members.get(name);
    if (v == null || v == JsonNull.NULL) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw wrongType(name, "a string", v);
    }
    return Optional.of(s);
  }

  /** A required object member. */
  public JsonObject object(String name) throws JsonException {
    Object v = required(name);
    if (!(v instanceof JsonObject o)) {
      throw wrongType(name, "an object", v);
    }
    return o;
  }

  /** An optional object member (absent or null: empty). */
  public Optional<JsonObject> optObject(String name) throws JsonException {
    Object v = members.get(name);
    if (v == null || v == JsonNull.NULL) {
      return Optional.empty();
    }
    if (!(v instanceof JsonObject o)) {
      throw wrongType(name, "an object", v);
    }
    return Optional.of(o);
  }

  /** A required array member. */
  @SuppressWarnings("unchecked")
  public List<Object> array(String name) throws JsonException {
    Object v = required(name);
    if (!(v instanceof List<?> l)) {
      throw wrongType(name, "an array", v);
    }
    return (List<Object>) l;
  }

  /** An array of objects; absent (when {@code required} is false) or null gives an empty list. */
  public List<JsonObject> objects(String name, boolean required) throws JsonException {
    Object v = required ? required(name) : members.get(name);
    if (v == null || (!required && v == JsonNull.NULL)) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw wrongType(name, "an array", v);
    }
    List<JsonObject> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      if (!(l.get(i) instanceof JsonObject o)) {
        throw new JsonException(pathOf(name) + "[" + i + "]: expected an object, found "
            + typeName(l.get(i)));
      }
      out.add(o);
    }
    return out;
  }

  /** A required number member that is an integer within a long. */
  public long longValue(String name) throws JsonException {
    Object v = required(name);
    if (!(v instanceof BigDecimal d)) {
      throw wrongType(name, "a number", v);
    }
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      throw new JsonException(pathOf(name) + ": " + d + " is not an integer of at most 63 bits");
    }
  }

  @Override
  public String toString() {
    return "JsonObject(" + (path.isEmpty() ? "top" : path) + ", " + members.size() + " members)";
  }
}
