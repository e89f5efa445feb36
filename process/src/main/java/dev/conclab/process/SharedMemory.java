package dev.conclab.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A block of memory that several processes see at once: a file mapped into each process with
 * {@link FileChannel#map(FileChannel.MapMode, long, long, Arena)}, the counterpart of Python's
 * {@code multiprocessing.shared_memory.SharedMemory}. On Linux the file lives in
 * {@code /dev/shm}, so it is RAM and never touches a disk.
 *
 * <p>The parent creates it, fills it through {@link #segment()}, and passes {@link #handle()}
 * (a path and a size, a few bytes on the wire) to tasks instead of the array itself; a task calls
 * {@link Handle#map()} to see the same bytes. Sending a 100 MB array by value costs encoding,
 * a pipe copy and decoding per task; sending the handle costs the mapping once per worker.
 *
 * <p><b>Visibility:</b> writes become visible to other processes through the page cache, with no
 * ordering guarantee between processes beyond what the pool's messages give: what the parent wrote
 * before submitting a task is visible to the task, and what the task wrote before returning is
 * visible to the parent once the task's future completes (both cross a pipe write and read, a
 * system call on each side). Concurrent writers to the same bytes need their own protocol.
 *
 * <p>The creating process owns the file: {@link #close()} unmaps it here and deletes it. Thread-safe.
 */
public final class SharedMemory implements AutoCloseable {

    /** What crosses the pipe: the file and its size. Mapping it again in a process gives the same bytes. */
    public record Handle(String path, long byteSize) {

        private static final Map<Handle, MemorySegment> MAPPED = new ConcurrentHashMap<>();

        /**
         * Maps the block into this process (once per process; later calls return the same
         * segment), read-write, for the life of the process.
         *
         * @throws UncheckedIOException if the file is gone (its owner closed it)
         */
        public MemorySegment map() {
            return MAPPED.computeIfAbsent(this, h -> SharedMemory.map(Path.of(h.path), h.byteSize, Arena.global()));
        }
    }

    private final Path path;
    private final long byteSize;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;

    private SharedMemory(Path path, long byteSize) {
        this.path = path;
        this.byteSize = byteSize;
        this.segment = map(path, byteSize, arena);
    }

    /**
     * Creates a zero-filled block of {@code byteSize} bytes.
     *
     * @throws IllegalArgumentException if {@code byteSize < 1}
     */
    public static SharedMemory create(long byteSize) {
        if (byteSize < 1) {
            throw new IllegalArgumentException("shared memory size must be >= 1 byte, got " + byteSize);
        }
        try {
            Path dir = Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))
                    ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
            Path file = Files.createTempFile(dir, "conclab-shm-", ".bin");
            try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(0);
                channel.position(byteSize - 1);
                channel.write(java.nio.ByteBuffer.wrap(new byte[1]));
            }
            return new SharedMemory(file, byteSize);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared memory of " + byteSize + " bytes: " + e.getMessage(), e);
        }
    }

    /** A block holding a copy of {@code values}, 8 bytes each in native order. */
    public static SharedMemory of(long[] values) {
        var shm = create(Math.max(8, (long) values.length * 8));
        MemorySegment.copy(values, 0, shm.segment, ValueLayout.JAVA_LONG, 0, values.length);
        return shm;
    }

    private static MemorySegment map(Path path, long byteSize, Arena arena) {
        try (var channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, byteSize, arena);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map shared memory " + path + ": " + e.getMessage(), e);
        }
    }

    /** This process's view of the block, valid until {@link #close()}. */
    public MemorySegment segment() {
        return segment;
    }

    /** The handle to pass to tasks. */
    public Handle handle() {
        return new Handle(path.toString(), byteSize);
    }

    public long byteSize() {
        return byteSize;
    }

    /** Unmaps the block in this process and deletes its file; workers that mapped it keep their view until they exit. */
    @Override
    public void close() {
        try {
            arena.close();
        } catch (IllegalStateException alreadyClosed) {
            // idempotent
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete shared memory file " + path, e);
        }
    }
}
