package dev.pkixj.jsse;

import dev.pkixj.truststore.crlite.CrliteStore;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import dev.pkixj.truststore.update.SecurityStateUpdater;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brings a security-state directory up to date (for example by downloading Firefox's Remote
 * Settings collections into it), before a {@link PkixjTrust} re-reads it on its refresh schedule
 * ({@link PkixjTrust.Builder#securityStateRefresh}). It runs on the refresh thread, never on a
 * handshake; an exception it throws is logged and the data in use stays as it was. Without one,
 * a refresh only re-reads what is stored (what {@code pkixj update} or the imports wrote);
 * {@link #remoteSettings(String)} downloads Firefox's collections as {@code pkixj update} does.
 */
@FunctionalInterface
public interface SecurityStateRefresher {
  /**
   * Updates the stored data in {@code stateDir}.
   *
   * @throws Exception anything that went wrong (logged; the refresh keeps the old data)
   */
  void refresh(Path stateDir) throws Exception;

  /**
   * Firefox's security state from the Remote Settings server {@code serverUrl} ({@link
   * RemoteSettingsClient#PRODUCTION_SERVER} for Mozilla's, whose content signatures are checked),
   * exactly as {@code pkixj update} fetches it (docs/security-state.md): OneCRL and the
   * preloaded intermediates into the security-state directory, the CRLite filters into {@link
   * CrliteStore#defaultDir()}. A collection that fails stays as it was and is logged as one
   * warning line; the others are stored, so the re-read that follows is always safe.
   *
   * @throws IllegalArgumentException if {@code serverUrl} is not a server the client accepts
   *     (https, or http to the loopback address)
   */
  static SecurityStateRefresher remoteSettings(String serverUrl) {
    RemoteSettingsClient client;
    try {
      client = SecurityStateUpdater.client(serverUrl, null, null);
    } catch (dev.pkixj.truststore.remotesettings.RemoteSettingsException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Logger log = Logger.getLogger(SecurityStateRefresher.class.getName());
    return stateDir -> {
      SecurityStateUpdater.Report r =
          SecurityStateUpdater.of(client, stateDir, CrliteStore.defaultDir()).update();
      for (SecurityStateUpdater.Outcome o : r.collections()) {
        if (o.status() == SecurityStateUpdater.Status.FAILED) {
          log.log(Level.WARNING, "pkixj: security state update: " + o.describe());
        }
      }
    };
  }
}
