package io.sightline.trainer.jobs.backbone;

import java.io.IOException;
import java.io.InputStream;

/** The body of an HTTP/1.1 answer sent in chunks ({@code Transfer-Encoding: chunked}); trailers are skipped. */
final class ChunkedBody extends InputStream {

    private final InputStream in;
    private long left;
    private boolean ended;

    ChunkedBody(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (ended) {
            return -1;
        }
        if (left == 0) {
            left = nextChunkSize();
            if (left == 0) {
                ended = true;
                while (!PinnedHttpGet.line(in).isEmpty()) {
                    // trailers are not wanted
                }
                return -1;
            }
        }
        int n = in.read(buffer, offset, (int) Math.min(length, left));
        if (n < 0) {
            throw new IOException("the connection ended in the middle of a chunk");
        }
        left -= n;
        if (left == 0 && !PinnedHttpGet.line(in).isEmpty()) {
            throw new IOException("a chunk of the server's answer did not end where it said");
        }
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = PinnedHttpGet.line(in);
        int extension = line.indexOf(';');
        String size = (extension < 0 ? line : line.substring(0, extension)).strip();
        if (!size.matches("[0-9A-Fa-f]{1,15}")) {
            throw new IOException("the server's answer has an invalid chunk size");
        }
        return Long.parseLong(size, 16);
    }
}
