package dev.pkixj.truststore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ImportProblemTest {
  @Test
  void controlCharactersQuotedFromTheInputAreEscaped() {
    ImportProblem p = new ImportProblem("certdata.txt", "line\t15",
        "object class CKO_CERTIFICATE\tat is not imported\n\u001b[31mred\u0085");
    assertEquals("line\\t15", p.where());
    assertEquals("object class CKO_CERTIFICATE\\tat is not imported\\n\\u001b[31mred\\u0085",
        p.message());
    assertEquals("certdata.txt:line\\t15: " + p.message(), p.toString());
  }

  @Test
  void printableTextIsKeptAsIs() {
    String m = "certificate \"Ünïcode CA\" does not parse (SEC_ERROR_BAD_DER)";
    assertSame(m, ImportProblem.escapeControls(m));
    assertEquals(null, new ImportProblem("f", null, "m").where());
  }
}
