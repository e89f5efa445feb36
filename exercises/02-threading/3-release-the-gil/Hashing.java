package exercises.threading.hashing;

import dev.conclab.gil.GilRuntime;
import dev.conclab.gil.GilThread;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Exercise 2.3: hashing in GIL threads, with the GIL released around the "C code".
 */
public final class Hashing {

    private Hashing() {
    }

    /** One GIL thread per buffer, each computing {@code digest.apply(buffer)}; results in buffer order. */
    public static List<String> digestAll(GilRuntime python, List<byte[]> buffers, Function<byte[], String> digest)
            throws Exception {
        var threads = new ArrayList<GilThread<String>>();
        for (int i = 0; i < buffers.size(); i++) {
            byte[] buffer = buffers.get(i);
            // TODO: the digest runs holding the GIL, so only one thread hashes at a time. Release
            //  the GIL around it, as hashlib does for large buffers.
            threads.add(python.start("hash-" + i, () -> digest.apply(buffer)));
        }
        var digests = new ArrayList<String>();
        for (GilThread<String> thread : threads) {
            digests.add(thread.join());
        }
        return digests;
    }
}
