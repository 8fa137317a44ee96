package org.gardenos.remote.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one stream of a remote command into memory, at most {@link #MAX_BYTES}. A host's output is untrusted: a
 * broken or hostile host answering a {@code cat} with gigabytes must get a clean error naming it, never an
 * OutOfMemoryError on the admin machine. Past the limit the reader stops and runs {@code onOverflow} (which
 * closes the channel, so the other stream ends and the host's command gets EPIPE).
 */
final class BoundedOutput {
    /** 16 MiB: far above anything GardenOS reads (configs, certificates, status JSON, a kubeconfig). */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private BoundedOutput() {
    }

    static byte[] read(InputStream in, String stream, int limit, Runnable onOverflow) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out.size() + n > limit) {
                onOverflow.run();
                throw new TooLarge(stream, limit);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The stream passed the limit; the reader stopped. */
    static final class TooLarge extends IOException {
        private final String stream;
        private final int limit;

        TooLarge(String stream, int limit) {
            super(stream + " passed " + limit + " bytes");
            this.stream = stream;
            this.limit = limit;
        }

        String describe() {
            String size = limit % (1024 * 1024) == 0 ? limit / (1024 * 1024) + " MiB" : limit + " bytes";
            return "wrote more than " + size + " to " + stream + "; GardenOS reads at most " + size
                    + " of one command's output (host output is untrusted), so it stopped reading and closed the command";
        }
    }
}
