package org.gardenos.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gardenos.inventory.HostSpec;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteHost;
import org.gardenos.remote.RemoteHostConnector;

/**
 * A stand-in for the SSH connector in CLI tests: hosts are in-memory file maps, every command succeeds unless a test
 * scripted it to fail. It tests the CLI's wiring and output, not SSH (gardenos-core tests SSH against a real sshd).
 */
public final class StandInConnector implements RemoteHostConnector, AutoCloseable {
    private final Map<String, StandInHost> hosts = new ConcurrentHashMap<>();
    private final List<String> connected = new ArrayList<>();
    private volatile boolean closed;

    @Override
    public synchronized RemoteHost connect(HostSpec host) {
        connected.add(host.name());
        return host(host.name());
    }

    StandInHost host(String name) {
        return hosts.computeIfAbsent(name, StandInHost::new);
    }

    synchronized List<String> connected() {
        return List.copyOf(connected);
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    static final class StandInHost implements RemoteHost {
        private final String name;
        private final Map<String, byte[]> files = new ConcurrentHashMap<>();
        private final Map<String, CommandResult> failing = new ConcurrentHashMap<>();

        StandInHost(String name) {
            this.name = name;
        }

        void failCommand(String command, int exitCode, String stderr) {
            failing.put(command, new CommandResult(name, command, exitCode, "", stderr));
        }

        String file(String path) {
            byte[] content = files.get(path);
            return content == null ? null : new String(content, StandardCharsets.UTF_8);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String address() {
            return "stand-in";
        }

        @Override
        public CommandResult exec(String command) {
            return failing.getOrDefault(command, new CommandResult(name, command, 0, "", ""));
        }

        @Override
        public CommandResult exec(String command, byte[] stdin) {
            return exec(command);
        }

        @Override
        public void upload(String path, byte[] content, int mode, String owner) {
            files.put(path, content.clone());
        }

        @Override
        public Optional<byte[]> read(String path) {
            return Optional.ofNullable(files.get(path)).map(byte[]::clone);
        }

        @Override
        public void close() {
        }
    }
}
