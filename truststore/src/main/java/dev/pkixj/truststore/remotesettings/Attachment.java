package dev.pkixj.truststore.remotesettings;

/**
 * A record's attachment (Remote Settings' {@code attachment} member): where it is below the
 * server's attachments base URL, its SHA-256 (lower-case hex) and size in bytes.
 *
 * @param location the path below the attachments base URL (no scheme, no leading slash)
 * @param sha256Hex the SHA-256 of the content, 64 lower-case hex digits
 * @param size the content's size in bytes
 * @param filename the file name the publisher gave (informative)
 */
public record Attachment(String location, String sha256Hex, long size, String filename) {
}
