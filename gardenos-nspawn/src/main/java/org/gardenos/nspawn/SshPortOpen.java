package org.gardenos.nspawn;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Ready when sshd on the host's address answers a TCP connection on port 22 with an {@code SSH-} banner (an open
 * port alone could still be a half-started daemon).
 */
public final class SshPortOpen implements WaitStrategy {
    private static final int PORT = 22;

    @Override
    public void waitUntilReady(TestHost host, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no attempt";
        do {
            if (!host.isRunning()) {
                throw new NspawnException(host + " stopped while waiting for sshd" + host.diagnostics());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host.address(), PORT), 1000);
                socket.setSoTimeout(2000);
                String banner = readLine(socket.getInputStream());
                if (banner.startsWith("SSH-")) {
                    return;
                }
                last = "unexpected banner '" + banner + "'";
            } catch (IOException e) {
                last = e.getMessage();
            }
            pause();
        } while (System.nanoTime() < deadline);
        throw new NspawnException(host + ": sshd did not answer on port " + PORT + " within " + timeout.toSeconds()
                + " s (last: " + last + ")" + host.diagnostics());
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && b.length() < 255) {
            b.append((char) c);
        }
        return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).strip();
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NspawnException("interrupted while waiting for sshd", e);
        }
    }

    @Override
    public String toString() {
        return "SshPortOpen";
    }
}
