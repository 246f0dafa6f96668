package dev.pkixj.jsse;

import dev.pkixj.truststore.revocation.CrliteMode;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.policy.HstsHosts;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The {@code pkixj.*} system properties read by {@link PkixjTrust#fromSystemProperties()}: each
 * set property calls the builder method of the same meaning; a value that is not understood is an
 * {@code IllegalArgumentException} naming the property.
 */
final class SystemProperties {
  private SystemProperties() {}

  static PkixjTrust.Builder apply(Properties props, PkixjTrust.Builder b) {
    String roots = get(props, PkixjTrust.PROP_ROOTS);
    if (roots != null) {
      try {
        b.rootSource(roots);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PkixjTrust.PROP_ROOTS + ": " + e.getMessage(), e);
      }
    }
    String db = get(props, PkixjTrust.PROP_DB);
    if (db != null) {
      if (db.equalsIgnoreCase("none")) {
        b.noDatabase();
      } else {
        b.database(Path.of(db));
      }
    }
    String rev = get(props, PkixjTrust.PROP_REVOCATION);
    if (rev != null) {
      b.revocation(parseRevocation(rev));
    }
    String fetch = get(props, PkixjTrust.PROP_OCSP_FETCH);
    if (fetch != null) {
      b.ocspFetching(parseBoolean(PkixjTrust.PROP_OCSP_FETCH, fetch));
    }
    String exc = get(props, PkixjTrust.PROP_EXCEPTIONS);
    if (exc != null) {
      b.exceptions(parseBoolean(PkixjTrust.PROP_EXCEPTIONS, exc));
    }
    String canary = get(props, PkixjTrust.PROP_MITM_CANARY);
    if (canary != null) {
      try {
        b.mitmCanaryIssuer(canary);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PkixjTrust.PROP_MITM_CANARY + ": " + e.getMessage(),
            e);
      }
    }
    String hsts = get(props, PkixjTrust.PROP_HSTS_HOSTS);
    if (hsts != null) {
      try {
        b.hstsHosts(HstsHosts.parse(hsts).entries());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PkixjTrust.PROP_HSTS_HOSTS + ": " + e.getMessage(),
            e);
      }
    }
    String ctMode = get(props, PkixjTrust.PROP_CT_MODE);
    if (ctMode != null) {
      try {
        b.ctMode(CtMode.parse(ctMode));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PkixjTrust.PROP_CT_MODE + ": " + e.getMessage(), e);
      }
    }
    String crliteMode = get(props, PkixjTrust.PROP_CRLITE_MODE);
    if (crliteMode != null) {
      CrliteMode m = CrliteMode.parse(crliteMode);
      if (m == null) {
        throw new IllegalArgumentException(PkixjTrust.PROP_CRLITE_MODE
            + ": expected off, telemetry or enforce, got '" + crliteMode + "'");
      }
      b.crliteMode(m);
    }
    String dir = get(props, PkixjTrust.PROP_SECURITY_STATE_DIR);
    if (dir != null) {
      try {
        b.securityStateDir(Path.of(dir));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(PkixjTrust.PROP_SECURITY_STATE_DIR
            + ": not a path: '" + dir + "'", e);
      }
    }
    String refresh = get(props, PkixjTrust.PROP_SECURITY_STATE_REFRESH);
    if (refresh != null) {
      b.securityStateRefresh(parseRefresh(refresh));
    }
    String server = get(props, PkixjTrust.PROP_SECURITY_STATE_SERVER);
    if (server != null) {
      String url = server.trim().equalsIgnoreCase("production")
          ? dev.pkixj.truststore.remotesettings.RemoteSettingsClient.PRODUCTION_SERVER
          : server.trim();
      try {
        b.securityStateRefresher(SecurityStateRefresher.remoteSettings(url));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(PkixjTrust.PROP_SECURITY_STATE_SERVER + ": "
            + e.getMessage(), e);
      }
    }
    return b;
  }

  /** An ISO-8601 duration ({@code PT6H}), or off/0 for none. */
  static java.time.Duration parseRefresh(String s) {
    String v = s.trim();
    if (v.equalsIgnoreCase("off") || v.equals("0")) {
      return null;
    }
    try {
      java.time.Duration d = java.time.Duration.parse(v);
      if (d.isNegative()) {
        throw new IllegalArgumentException(PkixjTrust.PROP_SECURITY_STATE_REFRESH
            + ": must not be negative, got '" + s + "'");
      }
      return d.isZero() ? null : d;
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(PkixjTrust.PROP_SECURITY_STATE_REFRESH
          + ": expected an ISO-8601 duration such as PT6H, or off, got '" + s + "'", e);
    }
  }

  /** The trimmed value, or null when unset or blank. */
  private static String get(Properties props, String name) {
    String v = props.getProperty(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  static PkixjTrust.Revocation parseRevocation(String s) {
    switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "off":
        return PkixjTrust.Revocation.OFF;
      case "soft":
      case "soft_fail":
      case "soft-fail":
        return PkixjTrust.Revocation.SOFT_FAIL;
      case "hard":
      case "hard_fail":
      case "hard-fail":
        return PkixjTrust.Revocation.HARD_FAIL;
      default:
        throw new IllegalArgumentException(PkixjTrust.PROP_REVOCATION
            + ": expected off, soft or hard, got '" + s + "'");
    }
  }

  static boolean parseBoolean(String prop, String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("on") || v.equals("yes")) {
      return true;
    }
    if (v.equals("false") || v.equals("off") || v.equals("no")) {
      return false;
    }
    throw new IllegalArgumentException(prop + ": expected true or false, got '" + s + "'");
  }
}
