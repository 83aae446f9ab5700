package io.augcon.testkit;

import io.augcon.api.internal.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 by hand over a plain socket, for the tests and benchmarks that need what
 * {@link LoopbackOpenAiServer} does not do on purpose: a server that reads a request and never
 * answers, that keeps or closes a connection exactly when the test says, that accepts one
 * connection only.
 *
 * <pre>{@code
 * try (Socket s = serverSocket.accept()) {
 *     RawHttp.readRequest(s.getInputStream());
 *     RawHttp.answerJson(s.getOutputStream(), "{\"id\":\"answer\"}");
 * }
 * }</pre>
 */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * Reads one request: its head up to the blank line, then as many body bytes as its
     * {@code Content-Length} says (none without one).
     *
     * @return the head, request line and headers
     * @throws IOException when the stream ends before a whole request
     */
    public static String readRequest(InputStream in) throws IOException {
        String head = readHead(in);
        int length = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElse(0);
        if (in.readNBytes(length).length < length) {
            throw new IOException("closed before a whole request body");
        }
        return head;
    }

    /**
     * Reads a request's head, up to and with the blank line, and none of its body.
     *
     * @throws IOException when the stream ends before the blank line
     */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int n;
        do {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed before a whole request head");
            }
            head.append((char) c);
            n = head.length();
        } while (n < 4 || head.charAt(n - 4) != '\r' || head.charAt(n - 3) != '\n' || head.charAt(n - 2) != '\r'
                || head.charAt(n - 1) != '\n');
        return head.toString();
    }

    /**
     * Writes a {@code 200} answer with {@code json} as its body, in one write and flushed (a
     * second small write would wait for the client's delayed ACK under Nagle's algorithm). The
     * connection stays open: the client may reuse it.
     */
    public static void answerJson(OutputStream out, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        answer.writeBytes(body);
        out.write(answer.toByteArray());
        out.flush();
    }

    /**
     * Starts a daemon thread that answers one request on each connection {@code socket} accepts
     * with {@code json} and then closes the connection without having said so in a
     * {@code Connection: close} header, as a server does at its idle timeout; after each close
     * it runs {@code closed}. The thread ends once the socket is closed.
     *
     * @return the thread, started
     */
    public static Thread answerOncePerConnection(ServerSocket socket, String json, Runnable closed) {
        Thread server = DaemonThreads.named("raw-http-once-per-connection").newThread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    readRequest(s.getInputStream());
                    answerJson(s.getOutputStream(), json);
                } catch (IOException e) {
                    // a connection dropped unused, or the socket closed: the client's calls tell
                }
                closed.run();
            }
        });
        server.start();
        return server;
    }
}
