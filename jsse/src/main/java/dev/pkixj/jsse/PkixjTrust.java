package dev.pkixj.jsse;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.RootSource;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.TrustStoreLoader;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.crlite.CrliteStore;
import dev.pkixj.truststore.revocation.CrliteMode;
import dev.pkixj.verifier.ct.KnownLogs;
import dev.pkixj.truststore.state.SecurityState;
import dev.pkixj.truststore.SecurityStateLoader;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.verifier.policy.BrowserVerifier;
import dev.pkixj.verifier.policy.HstsHosts;
import dev.pkixj.verifier.policy.MitmCanary;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A pkixj trust configuration for Java TLS: where the roots come from, the user's database,
 * revocation, certificate exceptions; and the JSSE objects made from it.
 *
 * <pre>{@code
 * SSLContext ctx = PkixjTrust.defaultSslContext();            // OS roots + ~/.pkixj/certdb
 *
 * PkixjTrust trust = PkixjTrust.builder()
 *     .roots(Path.of("roots.pem"))                           // replaces the OS roots
 *     .revocation(PkixjTrust.Revocation.HARD_FAIL)
 *     .build();
 * X509ExtendedTrustManager tm = trust.trustManager();
 * SSLContext ctx2 = trust.sslContext();
 * TrustManagerFactory tmf = trust.trustManagerFactory();
 * }</pre>
 *
 * <p>An instance is thread-safe; it holds a snapshot of the roots, of the database and of the CT
 * log list in force taken when it was built (build a new one to see later changes). Firefox's
 * security state (the preloaded intermediates and OneCRL stored in the {@linkplain
 * Builder#securityStateDir security-state directory}, and the stored CRLite filters) is read when
 * it is built too, and, only if asked ({@link Builder#securityStateRefresh}), re-read on a
 * schedule by one daemon thread: each refresh runs the {@link SecurityStateRefresher} if one is
 * set, re-reads the stored data and swaps it in at once (a handshake in flight finishes with the
 * data it started with); a failure is logged and the data in use stays. {@link #close()} stops
 * that thread. It is also a {@link
 * ManagerFactoryParameters}: {@code TrustManagerFactory.init(trust)} on pkixj's factory uses it.
 *
 * <p>There is deliberately no way to accept every certificate.
 */
public final class PkixjTrust implements ManagerFactoryParameters, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.pkixj.jsse");

  /** System property: the built-in root source ({@code os}, {@code jdk}, {@code pem:PATH}, …). */
  public static final String PROP_ROOTS = "pkixj.roots";
  /** System property: the database path, or {@code none}. */
  public static final String PROP_DB = "pkixj.db";
  /** System property: {@code off}, {@code soft} or {@code hard}. */
  public static final String PROP_REVOCATION = "pkixj.revocation";
  /** System property: {@code true}/{@code false}: ask OCSP responders over the network. */
  public static final String PROP_OCSP_FETCH = "pkixj.ocsp.fetch";
  /** System property: {@code true}/{@code false}: honour the database's certificate exceptions. */
  public static final String PROP_EXCEPTIONS = "pkixj.exceptions";
  /** System property: the MITM canary issuer name (see {@link Builder#mitmCanaryIssuer}). */
  public static final String PROP_MITM_CANARY = "pkixj.mitmCanaryIssuer";
  /** System property: HSTS hosts, comma- or space-separated (see {@link Builder#hstsHosts}). */
  public static final String PROP_HSTS_HOSTS = "pkixj.hstsHosts";
  /**
   * System property: the Certificate Transparency mode, {@code auto}, {@code enforce}, {@code
   * telemetry} or {@code off} (see {@link Builder#ctMode}).
   */
  public static final String PROP_CT_MODE = "pkixj.ct.mode";
  /**
   * System property: the CRLite mode, {@code off}, {@code telemetry} or {@code enforce} (see
   * {@link Builder#crliteMode}).
   */
  public static final String PROP_CRLITE_MODE = "pkixj.crlite.mode";
  /**
   * System property: the security-state directory (see {@link Builder#securityStateDir}).
   */
  public static final String PROP_SECURITY_STATE_DIR = "pkixj.securityState.dir";
  /**
   * System property: how often the security state is refreshed, an ISO-8601 duration such as
   * {@code PT6H}, or {@code off} (see {@link Builder#securityStateRefresh}).
   */
  public static final String PROP_SECURITY_STATE_REFRESH = "pkixj.securityState.refresh";
  /**
   * System property: the Remote Settings server each refresh downloads Firefox's security state
   * from ({@link SecurityStateRefresher#remoteSettings}), {@code production} for Mozilla's; unset:
   * a refresh only re-reads what is stored.
   */
  public static final String PROP_SECURITY_STATE_SERVER = "pkixj.securityState.server";

  /** How the end-entity's revocation is checked (Firefox's {@code security.OCSP.*} prefs). */
  public enum Revocation {
    /** No revocation checking, not even the stapled response. */
    OFF,
    /** Firefox's default: a failing or unreachable responder does not fail the handshake. */
    SOFT_FAIL,
    /** {@code security.OCSP.require}: any OCSP failure fails the handshake. */
    HARD_FAIL
  }

  /**
   * What a refresh swaps: everything made from the stored security state, built completely before
   * it is published (one volatile write), so that a verification sees one snapshot.
   */
  private record Snapshot(TrustStore store, TrustDomainFactory trustDomains, Verifier verifier,
      BrowserVerifier browser, CrliteFilters crlite, PreloadedIntermediates preloaded,
      OneCrl oneCrl) {}

  /** The builder's settings, copied (a refresh rebuilds the snapshot with them). */
  private final Builder settings;
  /** The store as loaded, before the stored preloaded intermediates are added. */
  private final TrustStore baseStore;
  private final Path securityStateDir;
  private volatile Snapshot snapshot;
  private final java.util.concurrent.ScheduledExecutorService refresher;
  private final java.util.concurrent.atomic.AtomicLong refreshes =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong refreshFailures =
      new java.util.concurrent.atomic.AtomicLong();
  private final Object refreshLock = new Object();
  private final String rootsDescription;
  private final Path database;
  private final boolean databaseDamaged;
  private final Revocation revocation;
  private final boolean ocspFetching;
  private final boolean exceptionsEnabled;
  private final List<CertOverride> exceptions;
  private final String mitmCanaryIssuer;
  private final HstsHosts hstsHosts;
  private final boolean advertiseAcceptedIssuers;
  private final Clock clock;
  private final Duration sessionTimeout;
  private final boolean bindSessionsToServerName;
  private final CtSettings ct;
  private final CrliteMode crliteMode;

  private PkixjTrust(Builder b, TrustStore store, String rootsDescription, Path database,
      boolean databaseDamaged, List<CertOverride> exceptions) {
    this.settings = b.copy();
    this.baseStore = store;
    this.securityStateDir = stateDir(b);
    this.rootsDescription = rootsDescription;
    this.database = database;
    this.databaseDamaged = databaseDamaged;
    this.revocation = b.revocation;
    this.ocspFetching = b.ocspFetching;
    this.exceptionsEnabled = b.exceptions;
    this.exceptions = List.copyOf(exceptions);
    this.mitmCanaryIssuer = b.mitmCanaryIssuer;
    this.hstsHosts = b.hstsHosts;
    this.advertiseAcceptedIssuers = b.advertiseAcceptedIssuers;
    this.clock = b.clock;
    this.sessionTimeout = b.sessionTimeout;
    this.bindSessionsToServerName = b.bindSessionsToServerName;
    this.ct = ctSettings(b);
    this.crliteMode = b.crliteMode;
    CrliteFilters crlite = b.trustDomainFactory != null || crliteMode == CrliteMode.OFF
        ? CrliteFilters.NONE : crliteFilters(b);
    PreloadedIntermediates preloaded = b.preloaded;
    OneCrl oneCrl = b.oneCrl;
    if (preloaded == null || oneCrl == null) {
      SecurityStateLoader.Loaded l = loadStored(securityStateDir, preloaded == null,
          oneCrl == null);
      for (String w : l.warnings()) {
        LOG.log(Level.WARNING, "pkixj: " + w);
      }
      preloaded = preloaded == null ? l.intermediates() : preloaded;
      oneCrl = oneCrl == null ? l.oneCrl() : oneCrl;
    }
    this.snapshot = snapshot(crlite, preloaded, oneCrl);
    Duration every = b.securityStateRefresh;
    if (every != null && !every.isZero() && !every.isNegative()) {
      this.refresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pkixj-security-state-refresh");
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(1, every.toMillis());
      refresher.scheduleWithFixedDelay(this::refreshSecurityState, ms, ms,
          java.util.concurrent.TimeUnit.MILLISECONDS);
    } else {
      this.refresher = null;
    }
  }

  private static Path stateDir(Builder b) {
    try {
      return b.securityStateDir != null ? b.securityStateDir : SecurityState.defaultDir();
    } catch (RuntimeException e) {
      return null; // e.g. a home directory that is not a valid path: no stored state
    }
  }

  /** The stored data of {@code dir} (nothing when {@code dir} is null). */
  private static SecurityStateLoader.Loaded loadStored(Path dir, boolean intermediates,
      boolean oneCrl) {
    if (dir == null) {
      return SecurityStateLoader.Loaded.none(Path.of("."));
    }
    try {
      return SecurityStateLoader.load(dir, intermediates, oneCrl);
    } catch (RuntimeException e) {
      return new SecurityStateLoader.Loaded(dir, PreloadedIntermediates.EMPTY, OneCrl.EMPTY,
          List.of("the security state in " + dir + " cannot be read (" + e.getMessage()
              + "); not used"));
    }
  }

  /** Everything made from the store and the security state. */
  private Snapshot snapshot(CrliteFilters crlite, PreloadedIntermediates preloaded,
      OneCrl oneCrl) {
    TrustStore store = preloaded.isEmpty() || !baseStore.preloaded().isEmpty() ? baseStore
        : baseStore.withPreloaded(preloaded);
    TrustDomainFactory trustDomains = settings.trustDomainFactory != null
        ? settings.trustDomainFactory
        : TrustContexts.trustDomains(store, revocation, ocspFetching, crliteMode, crlite);
    Verifier verifier = TrustContexts.verifier(trustDomains, mitmCanaryIssuer, ct, oneCrl);
    BrowserVerifier browser = TrustContexts.browserVerifier(verifier, exceptionsEnabled,
        exceptions, hstsHosts);
    return new Snapshot(store, trustDomains, verifier, browser, crlite, store.preloaded(),
        oneCrl);
  }

  /**
   * Refreshes the security state now, on the calling thread (the refresh thread calls this on
   * its schedule): runs the {@link SecurityStateRefresher} if one is set, then re-reads the
   * stored preloaded intermediates, OneCRL and CRLite filters (those not given to the builder)
   * and swaps them in at once. A failure (the refresher throws, or a store is damaged) is logged
   * as one line and the data in use stays as it was (for a damaged store, that store's data).
   * Refreshes never overlap.
   *
   * @return true if the new data was swapped in, false after a failure
   */
  public boolean refreshSecurityState() {
    synchronized (refreshLock) {
      try {
        if (settings.securityStateRefresher != null && securityStateDir != null) {
          settings.securityStateRefresher.refresh(securityStateDir);
        }
        Snapshot old = snapshot;
        List<String> problems = new ArrayList<>();
        PreloadedIntermediates preloaded = old.preloaded();
        OneCrl oneCrl = old.oneCrl();
        if (settings.preloaded == null) {
          SecurityStateLoader.Loaded l = loadStored(securityStateDir, true, false);
          problems.addAll(l.warnings());
          preloaded = l.warnings().isEmpty() ? l.intermediates() : preloaded;
        }
        if (settings.oneCrl == null) {
          SecurityStateLoader.Loaded l = loadStored(securityStateDir, false, true);
          problems.addAll(l.warnings());
          oneCrl = l.warnings().isEmpty() ? l.oneCrl() : oneCrl;
        }
        CrliteFilters crlite = old.crlite();
        if (settings.crlite == null && settings.trustDomainFactory == null
            && crliteMode != CrliteMode.OFF) {
          try {
            crlite = CrliteStore.load(CrliteStore.defaultDir()).map(CrliteStore.Loaded::filters)
                .orElse(CrliteFilters.NONE);
          } catch (CrliteStore.StoreException e) {
            problems.add(e.getMessage() + "; the CRLite filters in use are kept");
          }
        }
        snapshot = snapshot(crlite, preloaded, oneCrl);
        if (!problems.isEmpty()) {
          refreshFailures.incrementAndGet();
          List<String> lines = new ArrayList<>();
          for (String w : problems) {
            lines.add(w.replaceFirst("^warning: ", "")
                .replace("; preloaded intermediates not used", "")
                .replace("; OneCRL not used", ""));
          }
          LOG.log(Level.WARNING, "pkixj: security state refresh: " + String.join("; ", lines)
              + "; the data in use is kept");
          return false;
        }
        refreshes.incrementAndGet();
        return true;
      } catch (Exception | LinkageError e) {
        refreshFailures.incrementAndGet();
        LOG.log(Level.WARNING, "pkixj: security state refresh failed ("
            + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())
            + "); the data in use is kept");
        return false;
      }
    }
  }

  /** How many refreshes swapped new data in (observable progress of the refresh thread). */
  public long securityStateRefreshes() {
    return refreshes.get();
  }

  /** How many refreshes failed (logged; the data in use was kept). */
  public long securityStateRefreshFailures() {
    return refreshFailures.get();
  }

  /** True if a refresh thread runs ({@link Builder#securityStateRefresh}, not yet closed). */
  public boolean refreshesSecurityState() {
    return refresher != null && !refresher.isShutdown();
  }

  /**
   * Stops the refresh thread, if any (a refresh under way finishes; none starts after). The
   * trust manager keeps working with the data in use. Idempotent. The thread is a daemon: a
   * program that never calls this still exits.
   */
  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdown();
    }
  }

  /** The security-state directory read, or null if none could be named. */
  public Path securityStateDir() {
    return securityStateDir;
  }

  /** The preloaded intermediates in use (empty when none). */
  public PreloadedIntermediates preloadedIntermediates() {
    return snapshot.preloaded();
  }

  /** OneCRL in use (empty when none). */
  public OneCrl oneCrl() {
    return snapshot.oneCrl();
  }

  /**
   * The CT settings of a build: the builder's {@link Builder#ct}, else desktop Firefox's (auto
   * under Mozilla's root program, no exemptions) over the log list in force ({@link
   * KnownLogs#current(Path)}: the stored list when it is newer than the embedded one); a stored
   * list that cannot be used is logged as a warning and the embedded list is used. A {@link
   * Builder#ctMode} replaces the mode either way.
   */
  private static CtSettings ctSettings(Builder b) {
    CtSettings s = b.ct;
    if (s == null) {
      KnownLogs.Loaded loaded;
      try {
        loaded = KnownLogs.current(b.securityStateDir != null ? b.securityStateDir
            : SecurityState.defaultDir());
      } catch (RuntimeException e) {
        // e.g. a state directory that is not a valid path: never a reason to refuse to build
        loaded = new KnownLogs.Loaded(KnownLogs.embedded(), java.util.Optional.of(
            "the stored CT log list cannot be looked for (" + e.getMessage()
                + "); using the embedded list"));
      }
      loaded.warning().ifPresent(w -> LOG.log(Level.WARNING, "pkixj: " + w));
      s = CtSettings.firefox().withLogs(loaded.list());
    }
    return b.ctMode == null ? s : s.withMode(b.ctMode);
  }

  /**
   * The CRLite filters of a build (read once, here): the builder's {@link Builder#crlite}, else
   * the ones {@code pkixj crlite update} stored ({@link CrliteStore#defaultDir()}), else none. A
   * damaged store is logged as a warning and no filters are used.
   */
  private static CrliteFilters crliteFilters(Builder b) {
    if (b.crlite != null) {
      return b.crlite;
    }
    try {
      return CrliteStore.load(CrliteStore.defaultDir()).map(CrliteStore.Loaded::filters)
          .orElse(CrliteFilters.NONE);
    } catch (CrliteStore.StoreException e) {
      LOG.log(Level.WARNING, "pkixj: " + e.getMessage() + "; CRLite filters not used");
    } catch (RuntimeException e) {
      // e.g. a home directory that is not a valid path: never a reason to refuse to build
      LOG.log(Level.WARNING, "pkixj: the stored CRLite filters cannot be looked for ("
          + e.getMessage() + "); CRLite filters not used");
    }
    return CrliteFilters.NONE;
  }

  /** A builder with pkixj's defaults (OS roots, default database, soft-fail, no exceptions). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder preset from the system properties {@value #PROP_ROOTS}, {@value #PROP_DB},
   * {@value #PROP_REVOCATION}, {@value #PROP_OCSP_FETCH}, {@value #PROP_EXCEPTIONS}, {@value
   * #PROP_MITM_CANARY}, {@value #PROP_HSTS_HOSTS}, {@value #PROP_CT_MODE}, {@value
   * #PROP_CRLITE_MODE}, {@value #PROP_SECURITY_STATE_DIR} and {@value
   * #PROP_SECURITY_STATE_REFRESH}; unset properties keep the defaults.
   *
   * @throws IllegalArgumentException naming the property whose value is not understood
   */
  public static Builder fromSystemProperties() {
    return SystemProperties.apply(System.getProperties(), new Builder());
  }

  /** {@code fromSystemProperties().build()}. */
  public static PkixjTrust defaults() {
    return fromSystemProperties().build();
  }

  /** The one-liner: an {@code SSLContext} ("TLS") whose trust manager is pkixj's defaults. */
  public static SSLContext defaultSslContext() {
    return defaults().sslContext();
  }

  /** A new trust manager over this configuration (cheap; all share the same snapshot). */
  public FirefoxTrustManager trustManager() {
    return new FirefoxTrustManager(this);
  }

  /** An initialized {@code TrustManagerFactory} (algorithm "PKIX") returning {@link #trustManager()}. */
  public TrustManagerFactory trustManagerFactory() {
    return TrustContexts.trustManagerFactory(this);
  }

  /** An {@code SSLContext} for protocol "TLS" with this trust and no client certificate. */
  public SSLContext sslContext() {
    return sslContext("TLS");
  }

  /**
   * An {@code SSLContext} for {@code protocol} (from the JDK's default JSSE provider) with this
   * trust and no client certificate; the client session timeout is set when configured, and its
   * client sockets and engines are bound to their server names when {@link
   * Builder#bindSessionsToServerName} is on.
   */
  public SSLContext sslContext(String protocol) {
    return TrustContexts.sslContext(this, protocol);
  }

  /** The trust snapshot: roots, the user's entries, remembered intermediates. */
  public TrustStore trustStore() {
    return snapshot.store();
  }

  /** The trust domains the verifier uses (one per verification pass). */
  public TrustDomainFactory trustDomainFactory() {
    return snapshot.trustDomains();
  }

  /** The verifier (shared, thread-safe), with the TLS policy (the MITM canary, OneCRL). */
  public Verifier verifier() {
    return snapshot.verifier();
  }

  /**
   * Firefox's browser layer over {@link #verifier()}: certificate exceptions (when {@link
   * #exceptionsEnabled()}) with the HSTS rule, and clock hints. The trust manager's server
   * verdicts come from here, as {@code pkixj verify}'s do.
   */
  public BrowserVerifier browserVerifier() {
    return snapshot.browser();
  }

  /** Where the built-in roots came from, for display ("os:…", "pem:…", "keystore", …). */
  public String rootsDescription() {
    return rootsDescription;
  }

  /** The database that was read, or null. */
  public Path database() {
    return database;
  }

  /** True if the database is damaged and was read with what could be kept (logged). */
  public boolean databaseDamaged() {
    return databaseDamaged;
  }

  public Revocation revocation() {
    return revocation;
  }

  public boolean ocspFetching() {
    return ocspFetching;
  }

  /** The CRLite mode (default {@link CrliteMode#ENFORCE}, Firefox's). */
  public CrliteMode crliteMode() {
    return crliteMode;
  }

  /** The CRLite filters in use ({@link CrliteFilters#NONE} when there are none). */
  public CrliteFilters crlite() {
    return snapshot.crlite();
  }

  /** Whether certificate exceptions are honoured. */
  public boolean exceptionsEnabled() {
    return exceptionsEnabled;
  }

  /** The certificate exceptions known (honoured only when {@link #exceptionsEnabled()}). */
  public List<CertOverride> exceptions() {
    return exceptions;
  }

  /** The MITM canary issuer, or null. */
  public String mitmCanaryIssuer() {
    return mitmCanaryIssuer;
  }

  /** The hosts for which no certificate exception is used (HSTS or pinned). */
  public HstsHosts hstsHosts() {
    return hstsHosts;
  }

  public boolean advertiseAcceptedIssuers() {
    return advertiseAcceptedIssuers;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * How Certificate Transparency is applied to server chains (docs/ct.md): mode, log list, root
   * program and exemptions.
   */
  public CtSettings ct() {
    return ct;
  }

  /** The client session timeout {@link #sslContext()} sets, or null for the JDK's default. */
  public Duration sessionTimeout() {
    return sessionTimeout;
  }

  /** Whether {@link #sslContext()} binds client sessions to their server names. */
  public boolean bindsSessionsToServerName() {
    return bindSessionsToServerName;
  }

  @Override
  public String toString() {
    return "PkixjTrust[roots=" + rootsDescription + " (" + baseStore.builtIns().size() + ")"
        + ", db=" + database + ", revocation=" + revocation + ", crlite=" + crliteMode + ", exceptions=" + exceptionsEnabled
        + ", ct=" + ct.mode().cliName() + "]";
  }

  /**
   * Builds a {@link PkixjTrust}. Roots: exactly one of {@link #trustStore}, {@link #roots}, {@link
   * #rootSource} or {@link #rootsFromKeyStore} (the last call wins); the default is the operating
   * system's store. Database: {@link #database(Path)}, {@link #noDatabase()} for none, else
   * {@code ~/.pkixj/certdb} when it exists, also with a {@link #rootSource} (the user's own
   * database is part of the trust state, as in Firefox), but not with explicit roots ({@link
   * #roots}, {@link #rootsDer}, {@link #rootsFromKeyStore}), which replace the trust state. Trust
   * is loaded by {@link TrustStoreLoader}, as {@code pkixj verify} loads it. A database is only
   * read, never created.
   */
  public static final class Builder {
    private TrustStore trustStore;
    private List<TrustEntry> roots;
    private String rootsLabel;
    private String rootSource;
    private Path rootsFile;
    private Path database;
    private boolean databaseSet;
    private Revocation revocation = Revocation.SOFT_FAIL;
    private boolean ocspFetching = true;
    private boolean exceptions;
    private final List<CertOverride> extraExceptions = new ArrayList<>();
    private String mitmCanaryIssuer;
    private HstsHosts hstsHosts = HstsHosts.none();
    private boolean advertiseAcceptedIssuers;
    private Clock clock = Clock.systemUTC();
    private Duration sessionTimeout;
    private boolean bindSessionsToServerName;
    private TrustDomainFactory trustDomainFactory;
    private CtSettings ct;
    private CtMode ctMode;
    private Path securityStateDir;
    private CrliteMode crliteMode = CrliteMode.ENFORCE;
    private CrliteFilters crlite;
    private PreloadedIntermediates preloaded;
    private OneCrl oneCrl;
    private Duration securityStateRefresh;
    private SecurityStateRefresher securityStateRefresher;

    private Builder() {}

    /** A copy of this builder. */
    public Builder copy() {
      Builder c = new Builder();
      c.trustStore = trustStore;
      c.roots = roots;
      c.rootsLabel = rootsLabel;
      c.rootSource = rootSource;
      c.rootsFile = rootsFile;
      c.database = database;
      c.databaseSet = databaseSet;
      c.revocation = revocation;
      c.ocspFetching = ocspFetching;
      c.exceptions = exceptions;
      c.extraExceptions.addAll(extraExceptions);
      c.mitmCanaryIssuer = mitmCanaryIssuer;
      c.hstsHosts = hstsHosts;
      c.advertiseAcceptedIssuers = advertiseAcceptedIssuers;
      c.clock = clock;
      c.sessionTimeout = sessionTimeout;
      c.bindSessionsToServerName = bindSessionsToServerName;
      c.trustDomainFactory = trustDomainFactory;
      c.ct = ct;
      c.ctMode = ctMode;
      c.securityStateDir = securityStateDir;
      c.crliteMode = crliteMode;
      c.crlite = crlite;
      c.preloaded = preloaded;
      c.oneCrl = oneCrl;
      c.securityStateRefresh = securityStateRefresh;
      c.securityStateRefresher = securityStateRefresher;
      return c;
    }

    /** Uses this trust snapshot as is (roots and database already in it). */
    public Builder trustStore(TrustStore store) {
      clearRoots();
      this.trustStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The roots are the certificates in {@code file} (PEM or DER bundle, directory of PEM/DER
     * files, keystore, or certdata.txt, recognised by content), replacing the OS store and, unless
     * a {@link #database(Path)} is given, the default database (as {@code pkixj verify --roots}).
     */
    public Builder roots(Path file) {
      clearRoots();
      this.rootsFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The roots are these certificates (DER), replacing the OS store. */
    public Builder rootsDer(Collection<byte[]> ders) {
      clearRoots();
      List<TrustEntry> list = new ArrayList<>();
      for (byte[] der : ders) {
        list.add(new TrustEntry(der.clone(), Trust.ANCHOR, null, "", Source.FILE));
      }
      this.roots = list;
      this.rootsLabel = "given (" + list.size() + ")";
      return this;
    }

    /**
     * The roots are these certificates, replacing the OS store.
     *
     * @throws IllegalArgumentException if a certificate is null or cannot be encoded
     */
    public Builder roots(Collection<? extends X509Certificate> certs) {
      return rootsDer(RootCertificates.encode(certs));
    }

    /**
     * The roots come from {@code spec}: {@code os} (default), {@code jdk}, {@code
     * certdata:PATH}, {@code keystore:PATH[:PASSWORD]}, {@code pem:PATH}, or a bare path. The
     * default database still applies (see the class comment).
     *
     * @throws IllegalArgumentException if the specification is malformed
     */
    public Builder rootSource(String spec) {
      RootSource.parse(spec); // validate now
      clearRoots();
      this.rootSource = spec;
      return this;
    }

    /**
     * The roots are {@code ks}'s trusted certificate entries and the first certificate of each key
     * entry (what the JDK's own trust manager uses); {@code TrustManagerFactory.init(KeyStore)}
     * does this.
     */
    public Builder rootsFromKeyStore(KeyStore ks) throws KeyStoreException {
      List<TrustEntry> list = RootCertificates.fromKeyStore(ks);
      clearRoots();
      this.roots = list;
      this.rootsLabel = "keystore (" + list.size() + ")";
      return this;
    }

    private void clearRoots() {
      trustStore = null;
      roots = null;
      rootsLabel = null;
      rootSource = null;
      rootsFile = null;
    }

    /** Reads the user's database at {@code file} (it must exist). */
    public Builder database(Path file) {
      this.database = Objects.requireNonNull(file, "file");
      this.databaseSet = true;
      return this;
    }

    /** Reads no database. */
    public Builder noDatabase() {
      this.database = null;
      this.databaseSet = true;
      return this;
    }

    /** Revocation checking (default {@link Revocation#SOFT_FAIL}, Firefox's default). */
    public Builder revocation(Revocation r) {
      this.revocation = Objects.requireNonNull(r, "revocation");
      return this;
    }

    /** Whether OCSP responders may be asked over the network (default true, as Firefox). */
    public Builder ocspFetching(boolean on) {
      this.ocspFetching = on;
      return this;
    }

    /**
     * Whether certificate exceptions ("Accept the Risk and Continue": the database's, and those
     * added with {@link #addException}) are honoured: an overridable error for host:port whose
     * end-entity has the excepted SHA-256 fingerprint then passes. Default false: a program has
     * no one to accept a risk.
     */
    public Builder exceptions(boolean on) {
      this.exceptions = on;
      return this;
    }

    /** Adds a certificate exception (honoured only with {@code exceptions(true)}). */
    public Builder addException(CertOverride o) {
      extraExceptions.add(Objects.requireNonNull(o, "override"));
      return this;
    }

    /**
     * Firefox's MITM canary ({@code security.pki.mitm_canary_issuer}): when a chain fails with
     * UNKNOWN_ISSUER and its end-entity's issuer name is this one, the result is
     * MOZILLA_PKIX_ERROR_MITM_DETECTED. The name is given as NSS prints it ({@code
     * "CN=Corp Proxy CA,O=Corp,C=US"}, most specific first) or RFC 4514, and compared as {@code
     * pkixj verify --mitm-canary} compares it ({@link MitmCanary}: spacing, the case of values and
     * attribute types, and quoting do not matter). Null (the default) turns it off.
     *
     * @throws IllegalArgumentException if the name does not parse
     */
    public Builder mitmCanaryIssuer(String issuerName) {
      if (issuerName == null || issuerName.isBlank()) {
        this.mitmCanaryIssuer = null;
      } else {
        MitmCanary.of(issuerName); // validate now
        this.mitmCanaryIssuer = issuerName;
      }
      return this;
    }

    /**
     * Hosts with HTTP Strict Transport Security or key pins (Firefox's {@code
     * OverrideAllowedForHost}): no certificate exception is used for them, whatever the
     * exceptions say. Entries as in the configuration file's {@code hsts.hosts}: {@code
     * example.com} for that host, {@code .example.com} or {@code example.com;includeSubDomains}
     * for it and its subdomains ({@link HstsHosts}). Default: none.
     *
     * @throws IllegalArgumentException for an entry that is not a host name
     */
    public Builder hstsHosts(Collection<String> entries) {
      this.hstsHosts = HstsHosts.of(entries);
      return this;
    }

    /** As {@link #hstsHosts(Collection)}. */
    public Builder hstsHosts(String... entries) {
      return hstsHosts(List.of(entries));
    }

    /**
     * Whether {@code getAcceptedIssuers()} lists the trust anchors (for a TLS server asking for
     * client certificates: they go into its CertificateRequest). Default false: an empty array,
     * right for clients.
     */
    public Builder advertiseAcceptedIssuers(boolean on) {
      this.advertiseAcceptedIssuers = on;
      return this;
    }

    /** The clock giving the verification time (default: the system clock). */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * The client session timeout {@link PkixjTrust#sslContext()} sets: a resumed session is not
     * verified again, so this bounds how long a verdict is reused. Null: the JDK's default (24 h).
     */
    public Builder sessionTimeout(Duration d) {
      if (d != null && (d.isNegative() || d.isZero())) {
        throw new IllegalArgumentException("session timeout must be positive");
      }
      this.sessionTimeout = d;
      return this;
    }

    /**
     * Whether the client sockets and engines of {@link PkixjTrust#sslContext()} are bound to the
     * server names (SNI) they ask for. Default false, the JDK's behaviour: the JDK keeps one
     * resumable session per peer host and port, and a connection to the same host and port that
     * asks for another server name resumes it (sending the old name again) without calling the
     * trust manager, so it reuses a verdict given for another name. With this on, a cached
     * session for that peer whose server names differ is invalidated just before the handshake
     * (which is then a full one, verified for the new name), and a handshake that still ends in
     * such a session fails with an {@code SSLHandshakeException}. Sessions for the same names are
     * resumed as before. Each client handshake scans the context's client session cache (one
     * entry per cached session). It applies to {@code sslContext()} only (its sockets and engines
     * wrap the JDK's): the trust manager and the {@code TrustManagerFactory} alone cannot see a
     * resumption.
     */
    public Builder bindSessionsToServerName(boolean on) {
      this.bindSessionsToServerName = on;
      return this;
    }

    /**
     * How Certificate Transparency is applied to server chains (docs/ct.md): the mode, the known
     * logs, the root program {@link CtMode#AUTO} enforces under and the exemptions. Default
     * (null): desktop Firefox, {@link CtMode#AUTO} under Mozilla's root program
     * ({@link dev.pkixj.verifier.ct.RootProgram#mozilla()}) with the log list in force
     * ({@code KnownLogs.current}: the list {@code pkixj ct update} stored in the security-state
     * directory when it is newer than the embedded one), no exemptions. The trust manager does
     * not read {@code ~/.pkixj/config.properties}.
     *
     * <p>SCTs are taken from the end-entity (embedded) and from the stapled OCSP response (when
     * it verifies). SunJSSE does not expose the TLS {@code signed_certificate_timestamp}
     * extension to a trust manager, so SCTs delivered that way are not seen: a server that
     * sends its SCTs only in the TLS extension fails CT where CT is enforced.
     */
    public Builder ct(CtSettings settings) {
      this.ct = settings;
      return this;
    }

    /**
     * The CT mode, replacing the mode of {@link #ct} (or of the default settings): {@link
     * CtMode#AUTO} (enforced under Mozilla's roots, the default), {@link CtMode#ENFORCE} (under
     * every root), {@link CtMode#TELEMETRY} (evaluated, never an error) or {@link CtMode#OFF}.
     * Null keeps the settings' own mode.
     */
    public Builder ctMode(CtMode mode) {
      this.ctMode = mode;
      return this;
    }

    /**
     * The CRLite filters for end-entities (docs/crlite.md). Default (null): the filters {@code
     * pkixj crlite update} stored in {@code ~/.pkixj/crlite}, read once when the snapshot is
     * built (none when nothing is stored; a damaged store is logged as a warning).
     */
    public Builder crlite(CrliteFilters filters) {
      this.crlite = filters;
      return this;
    }

    /**
     * Firefox's {@code security.pki.crlite_mode}: {@link CrliteMode#ENFORCE} (the default: a
     * covered answer is final, and with soft-fail no OCSP responder is asked for chains to a
     * built-in root, with or without filters), {@link CrliteMode#TELEMETRY} (consulted, never
     * decisive) or {@link CrliteMode#OFF}.
     */
    public Builder crliteMode(CrliteMode mode) {
      this.crliteMode = Objects.requireNonNull(mode, "crliteMode");
      return this;
    }

    /**
     * The security-state directory (default: {@code SecurityState.defaultDir()}, {@code
     * ~/.pkixj/security-state}) the stored CT log list is read from when {@link #ct} is not
     * given, and the preloaded intermediates and OneCRL when {@link #preloadedIntermediates} and
     * {@link #oneCrl} are not given. Only read, never written (except by a {@link
     * SecurityStateRefresher} you set).
     */
    public Builder securityStateDir(Path dir) {
      this.securityStateDir = dir;
      return this;
    }

    /**
     * Firefox's preloaded intermediates (docs/intermediates.md): offered as issuers after the
     * certificates the server sent and before the database; never a source of trust. Default
     * (null): those stored in the {@linkplain #securityStateDir security-state directory}
     * ({@code pkixj update}, {@code pkixj intermediates import}), re-read on each refresh; a
     * damaged store is logged as a warning and none are used. {@code
     * PreloadedIntermediates.EMPTY} turns preloading off. Given ones are not refreshed. Ignored
     * when the {@link #trustStore} given already has preloaded intermediates, and with a {@link
     * #trustDomainFactory}.
     */
    public Builder preloadedIntermediates(PreloadedIntermediates intermediates) {
      this.preloaded = intermediates;
      return this;
    }

    /**
     * Firefox's OneCRL (docs/onecrl.md): a listed certificate anywhere in a server chain, on any
     * candidate path, is SEC_ERROR_REVOKED_CERTIFICATE (TLS server verification only, as in
     * Firefox). Default (null): the one stored in the {@linkplain #securityStateDir
     * security-state directory}, re-read on each refresh; a damaged store is logged as a warning
     * and none is used. {@code OneCrl.EMPTY} turns it off. A given one is not refreshed.
     */
    public Builder oneCrl(OneCrl oneCrl) {
      this.oneCrl = oneCrl;
      return this;
    }

    /**
     * Refreshes the stored security state every {@code every} on one daemon thread, never on a
     * handshake ({@link PkixjTrust#refreshSecurityState()}; stop it with {@link
     * PkixjTrust#close()}). Null or zero (the default): off, the data read at build time stays.
     *
     * @throws IllegalArgumentException if {@code every} is negative
     */
    public Builder securityStateRefresh(Duration every) {
      if (every != null && every.isNegative()) {
        throw new IllegalArgumentException("security state refresh interval must not be "
            + "negative");
      }
      this.securityStateRefresh = every;
      return this;
    }

    /**
     * What a refresh runs before re-reading the stored data (for example a Remote Settings
     * download into the security-state directory). Default null: re-read only.
     */
    public Builder securityStateRefresher(SecurityStateRefresher refresher) {
      this.securityStateRefresher = refresher;
      return this;
    }

    /**
     * Advanced: the trust domains to verify with, instead of the store's (the store still gives
     * the accepted issuers and the database's exceptions).
     */
    public Builder trustDomainFactory(TrustDomainFactory f) {
      this.trustDomainFactory = f;
      return this;
    }

    /**
     * Loads the roots and the database and builds the configuration.
     *
     * @throws IllegalStateException if no trust anchor was found or the database cannot be read
     */
    public PkixjTrust build() {
      if (trustStore != null) {
        return new PkixjTrust(this, trustStore, "trust store", null, false, extraExceptions);
      }
      TrustStoreLoader.Roots spec;
      if (roots != null) {
        spec = TrustStoreLoader.Roots.of(roots, rootsLabel);
      } else if (rootsFile != null) {
        spec = TrustStoreLoader.Roots.file(rootsFile);
      } else {
        spec = rootSource == null ? TrustStoreLoader.Roots.os()
            : TrustStoreLoader.Roots.source(rootSource);
      }
      TrustStoreLoader.Database db = !databaseSet ? TrustStoreLoader.Database.byDefault()
          : database == null ? TrustStoreLoader.Database.none()
          : TrustStoreLoader.Database.at(database);
      TrustStoreLoader.Loaded loaded;
      try {
        loaded = TrustStoreLoader.load(spec, db);
      } catch (TrustStoreLoader.LoadException e) {
        throw new IllegalStateException("pkixj: " + e.getMessage(), e);
      }
      for (String p : loaded.problems()) {
        LOG.log(Level.WARNING, "pkixj: " + p);
      }
      List<CertOverride> all = new ArrayList<>(loaded.exceptions());
      all.addAll(extraExceptions); // an added exception replaces the database's for its host:port
      return new PkixjTrust(this, loaded.store(), loaded.rootsDescription(), loaded.database(),
          loaded.databaseDamaged(), all);
    }
  }
}
