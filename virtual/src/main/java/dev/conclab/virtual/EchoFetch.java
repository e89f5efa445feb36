package dev.conclab.virtual;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A blocking "fetch" in the most ordinary style: connect, send a request, block until the
 * answer arrives, close. The same method runs on a platform thread or a virtual thread,
 * unchanged: in a virtual thread the blocking read parks the thread and frees its carrier,
 * which is what gevent's monkey patching achieves in Python by replacing the socket module.
 */
public final class EchoFetch {

    private final InetSocketAddress server;
    private final Duration timeout;

    public EchoFetch(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    /**
     * Sends {@code id} and returns what came back, which must be {@code id}.
     *
     * @throws IOException when the server is unreachable, slower than the timeout, or answers wrong
     */
    public long fetch(long id) throws IOException {
        try (var socket = new Socket()) {
            socket.connect(server, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(Long.BYTES);
            if (answer.length != Long.BYTES) {
                throw new IOException("the server closed after " + answer.length + " of " + Long.BYTES + " bytes");
            }
            long echoed = ByteBuffer.wrap(answer).getLong();
            if (echoed != id) {
                throw new IOException("sent " + id + ", got back " + echoed);
            }
            return echoed;
        }
    }
}
