package dev.pkixj.truststore.json;

/** JSON's {@code null} as {@link JsonReader} returns it (Java null never appears in a tree). */
public enum JsonNull {
  NULL;

  @Override
  public String toString() {
    return "null";
  }
}
