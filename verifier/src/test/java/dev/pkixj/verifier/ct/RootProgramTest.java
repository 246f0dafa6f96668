package dev.pkixj.verifier.ct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootProgramTest {
  private static String resource() throws Exception {
    try (InputStream in = RootProgram.class.getResourceAsStream(RootProgram.MOZILLA_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theMozillaResourceIsWellFormedAndPlausible() throws Exception {
    String text = resource();
    List<String> fps = new ArrayList<>();
    int declared = -1;
    for (String line : text.split("\n")) {
      if (line.startsWith("# roots: ")) {
        declared = Integer.parseInt(line.substring("# roots: ".length()));
      } else if (!line.startsWith("#")) {
        assertTrue(line.matches("[0-9a-f]{64} \\S.*"), line);
        fps.add(line.substring(0, 64));
      }
    }
    List<String> sorted = new ArrayList<>(fps);
    sorted.sort(null);
    assertEquals(sorted, fps, "sorted by fingerprint");
    assertEquals(fps.size(), fps.stream().distinct().count(), "no duplicates");
    assertEquals(declared, fps.size());
    // NSS's server-auth roots: 121 in certdata.txt of 2026-04-09 (140-160 in 2020-2024).
    assertTrue(fps.size() >= 100 && fps.size() <= 200, "implausible: " + fps.size());
    RootProgram p = RootProgram.mozilla();
    assertSame(p, RootProgram.mozilla());
    assertEquals(fps.size(), p.size());
    assertEquals("mozilla", p.source());
    for (String fp : fps) {
      assertTrue(p.contains(HexFormat.of().parseHex(fp)), fp);
    }
    // ISRG Root X1 (Let's Encrypt) is in; a made-up fingerprint is not.
    assertTrue(p.contains(HexFormat.of().parseHex(
        "96bcec06264976f37460779acf28c5a7cfe8a3c0aae11a8ffcee05c0bddf08c6")));
    assertFalse(p.contains(new byte[32]));
  }

  @Test
  void parseRefusesMalformedLinesNamingThem() {
    assertEquals("x line 2: not a SHA-256 fingerprint in hexadecimal",
        assertThrows(IllegalArgumentException.class,
            () -> RootProgram.parse("# c\n" + "g".repeat(64) + " name\n", "x")).getMessage());
    assertEquals("x line 1: not a SHA-256 fingerprint and a name",
        assertThrows(IllegalArgumentException.class,
            () -> RootProgram.parse("abc\n", "x")).getMessage());
    assertEquals(1, RootProgram.parse("00".repeat(32) + " A\n", "x").size());
  }
}
