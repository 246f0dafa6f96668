package dev.pkixj.truststore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.truststore.onecrl.OneCrlRecord;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.state.SecurityState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SecurityStateLoader}: what is stored, what is left out, damaged stores, and reports. */
class SecurityStateLoaderTest {
  static final TestPki PKI = TestPki.ec();

  @TempDir Path dir;

  private void store() throws Exception {
    Path pem = Files.writeString(dir.resolve("i.pem"), PKI.intermediate().pem());
    IntermediatesStore.importFiles(dir, List.of(pem), TestClock.NOW);
    OneCrlStore.replace(SecurityState.at(dir), List.of(OneCrlRecord.issuerSerial("e1", 1,
        PKI.intermediate().issuerDer(), PKI.intermediate().serial().toByteArray(), null)),
        "test", OptionalLong.empty(), 0);
  }

  @Test
  void nothingStoredIsNothingAndNoWarning() {
    SecurityStateLoader.Loaded l = SecurityStateLoader.load(dir.resolve("absent"), true, true);
    assertSame(PreloadedIntermediates.EMPTY, l.intermediates());
    assertSame(OneCrl.EMPTY, l.oneCrl());
    assertTrue(l.warnings().isEmpty());
  }

  @Test
  void bothAreReadAndEitherCanBeLeftOut() throws Exception {
    store();
    SecurityStateLoader.Loaded l = SecurityStateLoader.load(dir, true, true);
    assertEquals(1, l.intermediates().size());
    assertEquals("e1", l.oneCrl().entries().get(0).id());
    assertTrue(SecurityStateLoader.load(dir, false, true).intermediates().isEmpty());
    assertTrue(SecurityStateLoader.load(dir, true, false).oneCrl().isEmpty());
  }

  @Test
  void aDamagedStoreIsOneWarningNamingItsFileAndTheOtherIsStillRead() throws Exception {
    store();
    Path file = IntermediatesStore.file(dir);
    byte[] b = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(b, b.length - 7));
    SecurityStateLoader.Loaded l = SecurityStateLoader.load(dir, true, true);
    assertTrue(l.intermediates().isEmpty());
    assertEquals(1, l.oneCrl().size());
    assertEquals(1, l.warnings().size());
    assertTrue(l.warnings().get(0).contains(file.toString()), l.warnings().get(0));
    assertFalse(l.warnings().get(0).contains("\n"));
  }

  @Test
  void preloadedElementsAreThoseNotPresented() throws Exception {
    store();
    TrustStore base = TrustStore.ofBuiltIns(List.of(new TrustEntry(PKI.root().der(),
        Trust.ANCHOR, null, "root", Source.FILE)));
    List<Cert> chain = List.of(Cert.of(PKI.leaf().der()), Cert.of(PKI.intermediate().der()),
        Cert.of(PKI.root().der()));
    assertNull(SecurityStateLoader.preloadedElements(base, chain, List.of()));
    TrustStore with = base.withPreloaded(SecurityStateLoader.load(dir, true, false)
        .intermediates());
    assertArrayEquals(new boolean[] {false, true, false},
        SecurityStateLoader.preloadedElements(with, chain, List.of(PKI.leaf().der())));
    boolean[] presented = SecurityStateLoader.preloadedElements(with, chain,
        List.of(PKI.leaf().der(), PKI.intermediate().der()));
    assertFalse(SecurityStateLoader.any(presented));
    assertFalse(SecurityStateLoader.any(null));
  }
}
