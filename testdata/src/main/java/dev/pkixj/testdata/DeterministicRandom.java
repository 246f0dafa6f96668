package dev.pkixj.testdata;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A {@link SecureRandom} whose output is a SHA-256 counter-mode stream of a fixed seed. Not secure;
 * exists only to make key generation and randomized signatures reproducible (the test keys, and
 * the per-run seeded streams of the pkix tests). {@code setSeed} is ignored, so nothing else mixes
 * in.
 */
public final class DeterministicRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final Spi spi;

    public DeterministicRandom(String seed) {
        this(seed.getBytes(StandardCharsets.UTF_8));
    }

    public DeterministicRandom(byte[] seed) {
        this(new Spi(seed));
    }

    private DeterministicRandom(Spi spi) {
        super(spi, null);
        this.spi = spi;
    }

    /** Starts the stream again from {@code seed}, as if newly made with it. */
    public void restart(byte[] seed) {
        spi.restart(seed);
    }

    private static final class Spi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private byte[] seed;
        private long counter;
        private byte[] block = new byte[0];
        private int pos;

        Spi(byte[] seed) {
            this.seed = seed.clone();
        }

        synchronized void restart(byte[] newSeed) {
            seed = newSeed.clone();
            counter = 0;
            block = new byte[0];
            pos = 0;
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
