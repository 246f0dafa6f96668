package dev.pkixj.jsse;

import java.nio.file.Path;

/**
 * Brings a security-state directory up to date (for example by downloading Firefox's Remote
 * Settings collections into it), before a {@link PkixjTrust} re-reads it on its refresh schedule
 * ({@link PkixjTrust.Builder#securityStateRefresh}). It runs on the refresh thread, never on a
 * handshake; an exception it throws is logged and the data in use stays as it was. Without one,
 * a refresh only re-reads what is stored (what {@code pkixj update} or the imports wrote).
 */
@FunctionalInterface
public interface SecurityStateRefresher {
  /**
   * Updates the stored data in {@code stateDir}.
   *
   * @throws Exception anything that went wrong (logged; the refresh keeps the old data)
   */
  void refresh(Path stateDir) throws Exception;
}
