package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.pkix.Result;
import org.junit.jupiter.api.Test;

class ExplainCommandTest {

  @Test
  void firefoxName() {
    Cli.Run r = Cli.run("explain", "SEC_ERROR_UNKNOWN_ISSUER");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.out().contains("Warning: Potential Security Risk Ahead"), r.out());
    assertTrue(r.out().strip().endsWith("Error code: SEC_ERROR_UNKNOWN_ISSUER"), r.out());
  }

  @Test
  void mozillaPkixName() {
    Cli.Run r = Cli.run("explain", "ERROR_EXPIRED_CERTIFICATE");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.out().strip().endsWith("Error code: SEC_ERROR_EXPIRED_CERTIFICATE"), r.out());
    assertTrue(r.out().contains("clock"), r.out());
  }

  @Test
  void nssNumber() {
    Cli.Run r = Cli.run("explain", "-8180");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.out().contains("Secure Connection Failed"), r.out());
    assertTrue(r.out().contains("Peer's Certificate has been revoked."), r.out());
    assertTrue(r.out().strip().endsWith("Error code: SEC_ERROR_REVOKED_CERTIFICATE"), r.out());
  }

  @Test
  void unknownCode() {
    Cli.Run r = Cli.run("explain", "SEC_ERROR_NOT_A_THING");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("unknown error code 'SEC_ERROR_NOT_A_THING'"), r.err());
    assertEquals("", r.out());
    Cli.Run number = Cli.run("explain", "12345");
    assertEquals(Main.EXIT_USAGE, number.exit());
    assertTrue(number.err().contains("'12345'"), number.err());
    Cli.Run none = Cli.run("explain");
    none.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, none.exit());
    assertTrue(none.err().contains("CODE"), none.err());
  }

  @Test
  void hostAndJson() {
    Cli.Run r = Cli.run("explain", "SSL_ERROR_BAD_CERT_DOMAIN", "--host", "example.com", "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode j = r.json();
    assertEquals("SSL_ERROR_BAD_CERT_DOMAIN", j.get("code").asText());
    assertEquals(-12276, j.get("nss_code").asInt());
    assertTrue(j.get("explanation").get("overridable").asBoolean());
    assertTrue(j.get("explanation").get("description").asText().contains("example.com"));
  }

  @Test
  void listShowsEveryCode() {
    Cli.Run r = Cli.run("explain", "--list");
    assertEquals(Main.EXIT_OK, r.exit());
    assertEquals(Result.values().length, r.outLines().size());
  }
}
