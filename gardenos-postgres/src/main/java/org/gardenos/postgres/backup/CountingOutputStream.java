package org.gardenos.postgres.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts what passes through and tells {@link Progress}. */
final class CountingOutputStream extends FilterOutputStream {
    private final Progress progress;
    private long count;

    CountingOutputStream(OutputStream out, Progress progress) {
        super(out);
        this.progress = progress;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        count++;
        progress.bytes(count);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count += len;
        progress.bytes(count);
    }

    long count() {
        return count;
    }
}
