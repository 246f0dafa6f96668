/**
 * Internals shared between the pkix packages and pkixj's other modules; not API: raw access to
 * DER arrays ({@code UnsafeArrays}) and the engine's checks for the {@code names} and {@code ocsp}
 * packages ({@code EngineAccess}). The module ({@code module-info.java}) does not export this
 * package, so code on the module path cannot use it; pkixj's own modules, on the class path, can.
 */
package dev.pkixj.pkix.internal;
