package io.sightline.trainer.jobs.backbone;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET sent to an address resolved and checked beforehand: the socket connects to that address, and the
 * URL's host goes only into the {@code Host} header, the TLS server name (SNI) and the certificate check. No client
 * of the JDK lets a caller fix the address a name connects to (they look the name up again, which a DNS answer
 * with a short TTL can point elsewhere: DNS rebinding), hence this small client. It follows no redirects and keeps
 * no connections. A malformed answer is an {@link IOException} whose message never quotes the answer.
 */
final class PinnedHttpGet implements Closeable {

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;

    private PinnedHttpGet(Socket socket, int status, Map<String, String> headers, InputStream body) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Connects to {@code address} and asks for {@code url}.
     *
     * @param connectTimeout longest wait for the connection (and the TLS handshake)
     * @param readTimeout    longest wait for the answer, and then for each next piece of the body
     * @param tls            makes the TLS socket of an https URL (the JVM's default trust unless a test says else)
     */
    static PinnedHttpGet send(URI url, InetAddress address, Duration connectTimeout, Duration readTimeout,
                              SSLSocketFactory tls) throws IOException {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() < 0 ? BackbonePolicy.defaultPort(url) : url.getPort();
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) connectTimeout.toMillis());
            Socket connected = https ? tls(tls, socket, host, port) : socket;
            connected.setSoTimeout((int) readTimeout.toMillis());
            String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            String hostHeader = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
            OutputStream out = connected.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: sightline-trainer\r\n"
                    + "Accept: */*\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(connected.getInputStream(), 64 * 1024);
            int status;
            Map<String, String> headers;
            do { // 1xx answers come before the real one
                status = statusOf(line(in));
                headers = headers(in);
            } while (status / 100 == 1);
            return new PinnedHttpGet(connected, status, headers, body(in, headers));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket tls(SSLSocketFactory factory, Socket plain, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the URL's host
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    int status() {
        return status;
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The declared length of the body, or -1 when not declared (chunked, or until the connection closes). */
    long contentLength() {
        return header("transfer-encoding").isPresent() ? -1 : header("content-length").map(Long::parseLong).orElse(-1L);
    }

    InputStream body() {
        return body;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static int statusOf(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
            throw new IOException("the server did not answer with an HTTP/1.x status line");
        }
        return Integer.parseInt(parts[1]);
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        int lines = 0;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || ++lines > MAX_HEADERS) {
                throw new IOException("the server's answer has a malformed or too long header section");
            }
            headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        String length = headers.get("content-length");
        if (length != null && !length.matches("[0-9]{1,18}")) {
            throw new IOException("the server's answer has an invalid Content-Length");
        }
        return headers;
    }

    private static InputStream body(InputStream in, Map<String, String> headers) throws IOException {
        String encoding = headers.get("transfer-encoding");
        if (encoding != null) {
            if (!encoding.equalsIgnoreCase("chunked")) {
                throw new IOException("the server's answer uses a transfer encoding other than chunked");
            }
            return new ChunkedBody(in);
        }
        String length = headers.get("content-length");
        return length == null ? in : new LimitedBody(in, Long.parseLong(length));
    }

    /** One CRLF-terminated line in ASCII, at most {@value #MAX_LINE} bytes. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended in the middle of the server's answer");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("the server's answer has a line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** A body of a declared length: ends there, and a connection closing before is an error. */
    private static final class LimitedBody extends FilterInputStream {
        private long left;

        LimitedBody(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
