package org.gardenos.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteHost;

/** STAND-IN for a host, for pure unit tests: files in a map, commands recorded and answered with exit 0. */
public final class InMemoryRemoteHost implements RemoteHost {
    public record Upload(String path, byte[] content, int mode, String owner) {
    }

    private final String name;
    public final Map<String, byte[]> files = new ConcurrentHashMap<>();
    public final List<Upload> uploads = new ArrayList<>();
    public final List<String> commands = new ArrayList<>();

    public InMemoryRemoteHost(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String address() {
        return "203.0.113.250";
    }

    @Override
    public CommandResult exec(String command) {
        commands.add(command);
        return new CommandResult(name, command, 0, "", "");
    }

    @Override
    public CommandResult exec(String command, byte[] stdin) {
        return exec(command);
    }

    @Override
    public void upload(String path, byte[] content, int mode, String owner) {
        uploads.add(new Upload(path, content, mode, owner));
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
