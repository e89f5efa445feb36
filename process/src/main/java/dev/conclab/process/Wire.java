package dev.conclab.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages between the pool and a worker, each one length-prefixed frame: a 4-byte
 * big-endian length, then a one-byte kind and its fields ({@link Codec} for values).
 *
 * <pre>
 * parent -&gt; worker   INIT  initializer class (or ""), argument
 *                    RUN   task class, list of arguments (a chunk)
 * worker -&gt; parent   READY pid, cpu ns, error (null when the initializer succeeded)
 *                    VALUE item, cpu ns, result          one per item, in order, as each finishes
 *                    ERROR item, cpu ns, error
 *                    BYE   cpu ns                        on stdin EOF, just before exiting
 * </pre>
 *
 * "cpu ns" is the worker's whole-process CPU time so far, so the pool can add up what its
 * workers spent. An error is a map: {@code class}, {@code message}, {@code stack} (list of
 * frames as strings {@code class|method|file|line}) and {@code cause} (another error or null).
 */
final class Wire {

    static final byte INIT = 'I', RUN = 'R', READY = 'Y', VALUE = 'V', ERROR = 'E', BYE = 'B';

    /** One decoded message from a worker. */
    record Message(byte kind, int item, long cpuNanos, long pid, Object value) {
    }

    private Wire() {
    }

    /** Encodes a frame body with {@code body}, then prefixes its length. */
    static byte[] frame(IoWriter body) throws IOException {
        var bytes = new ByteArrayOutputStream(64);
        var out = new DataOutputStream(bytes);
        out.writeInt(0);
        body.write(out);
        out.flush();
        byte[] frame = bytes.toByteArray();
        int length = frame.length - 4;
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        return frame;
    }

    static byte[] run(String taskClass, List<?> arguments) throws IOException {
        return frame(out -> {
            out.writeByte(RUN);
            Codec.writeString(out, taskClass);
            Codec.write(out, arguments);
        });
    }

    static byte[] init(String taskClass, Object argument) throws IOException {
        return frame(out -> {
            out.writeByte(INIT);
            Codec.writeString(out, taskClass == null ? "" : taskClass);
            Codec.write(out, argument);
        });
    }

    /** Reads one frame's body; null at a clean end of stream (no byte of a new frame). */
    static DataInputStream readFrame(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        var data = new DataInputStream(in);
        int length = (b0 << 24) | (data.readUnsignedByte() << 16) | (data.readUnsignedByte() << 8) | data.readUnsignedByte();
        if (length <= 0 || length > Codec.MAX_FRAME) {
            // Most often text that is not ours: a JVM that fails to start prints its error to stdout.
            byte[] head = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
            throw new CorruptFrameException("corrupt frame: length " + length, new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        byte[] body = new byte[length];
        data.readFully(body);
        return new DataInputStream(new ByteArrayInputStream(body));
    }

    /** Reads a worker's next message; throws {@link EOFException} when the worker's stdout ended. */
    static Message readMessage(InputStream in) throws IOException {
        DataInputStream body = readFrame(in);
        if (body == null) {
            throw new EOFException("worker closed its output");
        }
        byte kind = body.readByte();
        return switch (kind) {
            case READY -> new Message(kind, -1, body.readLong(), body.readLong(), Codec.read(body));
            case VALUE, ERROR -> {
                int item = body.readInt();
                long cpu = body.readLong();
                yield new Message(kind, item, cpu, 0, Codec.read(body));
            }
            case BYE -> new Message(kind, -1, body.readLong(), 0, null);
            default -> throw new IOException("corrupt frame: unknown message kind " + kind);
        };
    }

    static void write(OutputStream out, byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    /** A throwable as the map the wire carries (class, message, stack, cause), to a depth of 8 causes. */
    static Map<String, Object> error(Throwable t) {
        return error(t, 0);
    }

    private static Map<String, Object> error(Throwable t, int depth) {
        var map = new LinkedHashMap<String, Object>();
        map.put("class", t.getClass().getName());
        map.put("message", t.getMessage());
        var stack = new ArrayList<Object>();
        for (StackTraceElement e : t.getStackTrace()) {
            stack.add(e.getClassName() + "|" + e.getMethodName() + "|" + (e.getFileName() == null ? "" : e.getFileName())
                    + "|" + e.getLineNumber());
        }
        map.put("stack", stack);
        map.put("cause", t.getCause() != null && t.getCause() != t && depth < 8 ? error(t.getCause(), depth + 1) : null);
        return map;
    }

    /** A frame that is not one; {@link #head} is its first bytes, as text. */
    static final class CorruptFrameException extends IOException {
        final String head;

        CorruptFrameException(String message, String head) {
            super(message);
            this.head = head;
        }
    }

    @FunctionalInterface
    interface IoWriter {
        void write(DataOutputStream out) throws IOException;
    }
}
