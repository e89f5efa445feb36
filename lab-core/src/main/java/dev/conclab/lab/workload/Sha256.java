package dev.conclab.lab.workload;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Hashes a 16 KiB buffer {@code iterations} times with SHA-256, after the task index.
 *
 * <p>The buffer is shared and never written after construction, so threads only read it.
 * The JDK's SHA-256 uses the CPU's SHA instructions where they exist, which makes this a
 * CPU-bound kernel with a different instruction mix from {@link SumOfSquares}.
 */
public final class Sha256 implements CpuKernel {

    /** Bytes hashed per iteration. */
    public static final int BLOCK_BYTES = 16 * 1024;

    private final byte[] block;

    public Sha256() {
        block = new byte[BLOCK_BYTES];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31 + 7);
        }
    }

    @Override
    public String id() {
        return "sha256";
    }

    @Override
    public String description() {
        return "SHA-256 over a 16 KiB buffer (CPU, hardware-assisted where available)";
    }

    @Override
    public long run(int index, long iterations) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(index).array());
        for (long i = 0; i < iterations; i++) {
            digest.update(block);
        }
        return ByteBuffer.wrap(Arrays.copyOf(digest.digest(), Long.BYTES)).getLong();
    }
}
