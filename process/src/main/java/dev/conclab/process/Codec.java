package dev.conclab.process;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explicit value encoding of the pool's wire: a one-byte tag, then the value. Only the types
 * listed in {@link ProcessTask} exist on the wire, so a decoder never instantiates a class named
 * by the peer (the hazard of Java serialization). Big-endian, as {@link DataOutputStream}.
 *
 * <p>Stateless; safe from any thread.
 */
final class Codec {

    private static final byte NULL = 0, FALSE = 1, TRUE = 2, INT = 3, LONG = 4, DOUBLE = 5, STRING = 6,
            BYTES = 7, INTS = 8, LONGS = 9, DOUBLES = 10, LIST = 11, MAP = 12, SHARED = 13;

    /** Guards against a corrupt length making the decoder allocate gigabytes. */
    static final int MAX_FRAME = 1 << 30;

    private Codec() {
    }

    /** Whether {@code value} (and everything inside it) can be encoded; the name of the first type that cannot, or null. */
    static String unencodable(Object value) {
        return switch (value) {
            case null -> null;
            case Boolean b -> null;
            case Integer i -> null;
            case Long l -> null;
            case Double d -> null;
            case String s -> null;
            case byte[] b -> null;
            case int[] a -> null;
            case long[] a -> null;
            case double[] a -> null;
            case SharedMemory.Handle h -> null;
            case List<?> list -> {
                for (Object e : list) {
                    String bad = unencodable(e);
                    if (bad != null) {
                        yield bad;
                    }
                }
                yield null;
            }
            case Map<?, ?> map -> {
                for (var e : map.entrySet()) {
                    if (!(e.getKey() instanceof String)) {
                        yield "map key " + (e.getKey() == null ? "null" : e.getKey().getClass().getName());
                    }
                    String bad = unencodable(e.getValue());
                    if (bad != null) {
                        yield bad;
                    }
                }
                yield null;
            }
            default -> value.getClass().getName();
        };
    }

    /** The one-line error for a value that cannot cross the pipe. */
    static IllegalArgumentException cannotEncode(String what, String type) {
        return new IllegalArgumentException(what + " of type " + type + " cannot be sent to or from a worker process;"
                + " supported: null, Boolean, Integer, Long, Double, String, byte[], int[], long[], double[],"
                + " SharedMemory.Handle, and List or Map<String, ?> of those");
    }

    static void write(DataOutputStream out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeByte(NULL);
            case Boolean b -> out.writeByte(b ? TRUE : FALSE);
            case Integer i -> {
                out.writeByte(INT);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            }
            case String s -> {
                out.writeByte(STRING);
                writeString(out, s);
            }
            case byte[] b -> {
                out.writeByte(BYTES);
                out.writeInt(b.length);
                out.write(b);
            }
            // Primitive arrays go through a ByteBuffer view in bulk: one copy, not a call per element.
            case int[] a -> {
                out.writeByte(INTS);
                out.writeInt(a.length);
                byte[] b = new byte[a.length * 4];
                ByteBuffer.wrap(b).asIntBuffer().put(a);
                out.write(b);
            }
            case long[] a -> {
                out.writeByte(LONGS);
                out.writeInt(a.length);
                byte[] b = new byte[a.length * 8];
                ByteBuffer.wrap(b).asLongBuffer().put(a);
                out.write(b);
            }
            case double[] a -> {
                out.writeByte(DOUBLES);
                out.writeInt(a.length);
                byte[] b = new byte[a.length * 8];
                ByteBuffer.wrap(b).asDoubleBuffer().put(a);
                out.write(b);
            }
            case SharedMemory.Handle h -> {
                out.writeByte(SHARED);
                writeString(out, h.path());
                out.writeLong(h.byteSize());
            }
            case List<?> list -> {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object e : list) {
                    write(out, e);
                }
            }
            case Map<?, ?> map -> {
                out.writeByte(MAP);
                out.writeInt(map.size());
                for (var e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw cannotEncode("map key", e.getKey() == null ? "null" : e.getKey().getClass().getName());
                    }
                    writeString(out, key);
                    write(out, e.getValue());
                }
            }
            default -> throw cannotEncode("value", value.getClass().getName());
        }
    }

    static Object read(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case FALSE -> false;
            case TRUE -> true;
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case STRING -> readString(in);
            case BYTES -> {
                byte[] b = new byte[length(in)];
                in.readFully(b);
                yield b;
            }
            case INTS -> {
                int[] a = new int[length(in, 4)];
                ByteBuffer.wrap(bytes(in, a.length * 4)).asIntBuffer().get(a);
                yield a;
            }
            case LONGS -> {
                long[] a = new long[length(in, 8)];
                ByteBuffer.wrap(bytes(in, a.length * 8)).asLongBuffer().get(a);
                yield a;
            }
            case DOUBLES -> {
                double[] a = new double[length(in, 8)];
                ByteBuffer.wrap(bytes(in, a.length * 8)).asDoubleBuffer().get(a);
                yield a;
            }
            case SHARED -> new SharedMemory.Handle(readString(in), in.readLong());
            case LIST -> {
                int n = length(in);
                var list = new ArrayList<Object>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                yield list;
            }
            case MAP -> {
                int n = length(in);
                var map = new LinkedHashMap<String, Object>();
                for (int i = 0; i < n; i++) {
                    map.put(readString(in), read(in));
                }
                yield map;
            }
            default -> throw new IOException("corrupt frame: unknown value tag " + tag);
        };
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[length(in)];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static int length(DataInputStream in) throws IOException {
        return length(in, 1);
    }

    /** A count of elements of {@code size} bytes each, checked against the frame limit. */
    private static int length(DataInputStream in, int size) throws IOException {
        int n = in.readInt();
        if (n < 0 || (long) n * size > MAX_FRAME) {
            throw new IOException("corrupt frame: length " + n);
        }
        return n;
    }

    private static byte[] bytes(DataInputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
