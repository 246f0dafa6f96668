package dev.pkixj.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.verifier.explain.Explanation;

/** The JSON conventions of the command-line output: snake_case keys, one object per line. */
public final class Json {
  private Json() {}

  public static final ObjectMapper MAPPER = new ObjectMapper();

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** One line of JSON. */
  public static String line(Object node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code {"title","description","what_to_do","overridable","clock_may_be_wrong","valid_names"}}. */
  public static ObjectNode explanation(Explanation e) {
    ObjectNode o = object();
    o.put("title", e.title());
    o.put("description", e.description());
    o.put("what_to_do", e.whatToDo());
    o.put("overridable", e.overridable());
    o.put("clock_may_be_wrong", e.clockMayBeWrong());
    ArrayNode names = o.putArray("valid_names");
    e.validNames().forEach(names::add);
    return o;
  }
}
