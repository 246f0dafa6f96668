package dev.pkixj.testdata;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A {@link SecureRandom} whose output is a SHA-256 counter-mode stream of a fixed seed. Not secure;
 * exists only to make key generation and randomized signatures reproducible. {@code setSeed} is ignored.
 */
final class DeterministicRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    DeterministicRandom(String seed) {
        this(seed.getBytes(StandardCharsets.UTF_8));
    }

    DeterministicRandom(byte[] seed) {
        super(new Spi(seed), null);
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private long counter;
        private byte[] block = new byte[0];
        private int pos;

        Spi(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        protected synchronized void engineSetSeed(byte[] ignored) {}

        @Override
        protected synchronized void engineNextBytes(byte[] out) {
            for (int i = 0; i < out.length; i++) {
                if (pos == block.length) {
                    block = sha256(seed, BigInteger.valueOf(counter++).toByteArray());
                    pos = 0;
                }
                out[i] = block[pos++];
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] b = new byte[numBytes];
            engineNextBytes(b);
            return b;
        }
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
