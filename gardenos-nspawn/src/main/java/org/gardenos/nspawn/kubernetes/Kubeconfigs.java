package org.gardenos.nspawn.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Kubeconfig files with the certificates embedded ({@code *-data}), like K3s's {@code k3s.yaml}: one self-contained
 * file per user, safe to copy into a node. Mode 0600: they hold a private key.
 */
final class Kubeconfigs {
    private Kubeconfigs() {
    }

    static String render(URI server, Path caCert, ClusterPki.Pair user, String userName, String cluster) {
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: " + cluster + "\n"
                + "  cluster:\n"
                + "    server: " + server + "\n"
                + "    certificate-authority-data: " + base64(caCert) + "\n"
                + "users:\n"
                + "- name: " + userName + "\n"
                + "  user:\n"
                + "    client-certificate-data: " + base64(user.cert()) + "\n"
                + "    client-key-data: " + base64(user.key()) + "\n"
                + "contexts:\n"
                + "- name: " + cluster + "\n"
                + "  context:\n"
                + "    cluster: " + cluster + "\n"
                + "    user: " + userName + "\n"
                + "current-context: " + cluster + "\n";
    }

    static Path write(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
