package dev.pkixj.bench;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.GeneralName;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.names.HostnameMatcher;
import dev.pkixj.pkix.names.HostnameMatcher.InvalidEntryPolicy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TLS host-name matching (mozilla::pkix {@code CheckCertHostname}) on a parsed leaf with 8
 * dNSName SANs: an exact match on the last entry, a wildcard match, an IPv4 match, and a miss.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostnameBench {
  private Cert leaf;
  private final byte[] exactLast = "shop.example.test".getBytes(StandardCharsets.US_ASCII);
  private final byte[] wildcard = "api.cdn.example.test".getBytes(StandardCharsets.US_ASCII);
  private final byte[] ipv4 = "192.0.2.7".getBytes(StandardCharsets.US_ASCII);
  private final byte[] miss = "other.example.org".getBytes(StandardCharsets.US_ASCII);

  @Setup
  public void setUp() throws Exception {
    TestCert root = CertBuilder.root("Hostname Bench Root").build();
    TestCert c = CertBuilder.leaf("CN=hostname bench").issuer(root).san(
        GeneralName.dns("www.example.test"), GeneralName.dns("example.test"),
        GeneralName.dns("*.cdn.example.test"), GeneralName.dns("mail.example.test"),
        GeneralName.dns("static.example.test"), GeneralName.dns("img.example.test"),
        GeneralName.dns("m.example.test"), GeneralName.dns("shop.example.test"),
        GeneralName.ip("192.0.2.7")).build();
    leaf = Cert.of(c.der());
  }

  @Benchmark
  public Result exactMatchLastName() {
    return HostnameMatcher.checkCertHostname(leaf, exactLast, InvalidEntryPolicy.HALT_ON_INVALID);
  }

  @Benchmark
  public Result wildcardMatch() {
    return HostnameMatcher.checkCertHostname(leaf, wildcard, InvalidEntryPolicy.HALT_ON_INVALID);
  }

  @Benchmark
  public Result ipv4Match() {
    return HostnameMatcher.checkCertHostname(leaf, ipv4, InvalidEntryPolicy.HALT_ON_INVALID);
  }

  @Benchmark
  public Result mismatch() {
    return HostnameMatcher.checkCertHostname(leaf, miss, InvalidEntryPolicy.HALT_ON_INVALID);
  }
}
