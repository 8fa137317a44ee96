package org.gardenos.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gardenos.nspawn.DebianHosts;
import org.gardenos.nspawn.TestHost;

/**
 * Ansible's side of the comparison: bench/ansible/base.yml (the base layer's six tasks as one play) on the same
 * hosts, as root with the same key, host keys verified against the same known_hosts file, pipelining on, forks 10.
 */
final class AnsiblePlay {
    private static final Pattern RECAP = Pattern.compile("(?m)^\\S+\\s*:\\s*ok=\\d+\\s+changed=(\\d+)\\s+unreachable=(\\d+)"
            + "\\s+failed=(\\d+)");

    private AnsiblePlay() {
    }

    /** Writes the inventory and ansible.cfg into {@code work}; returns the play (from bench/ansible). */
    static Path write(Path work, DebianHosts hosts) throws IOException {
        StringBuilder ini = new StringBuilder("[base]\n");
        StringBuilder vars = new StringBuilder("cluster_hosts:\n");
        for (TestHost h : hosts.hosts()) {
            ini.append(h.name()).append(" ansible_host=").append(h.address()).append('\n');
            vars.append("  - \"").append(h.address()).append(' ').append(h.name()).append("\"\n");
        }
        ini.append("\n[base:vars]\nansible_user=root\nansible_ssh_private_key_file=").append(hosts.privateKey())
                .append("\nansible_ssh_common_args='-o UserKnownHostsFile=").append(hosts.writeKnownHosts())
                .append(" -o StrictHostKeyChecking=yes'\n");
        Files.writeString(work.resolve("hosts.ini"), ini, StandardCharsets.UTF_8);
        Files.createDirectories(work.resolve("group_vars"));
        Files.writeString(work.resolve("group_vars/base.yml"), vars, StandardCharsets.UTF_8);
        Files.writeString(work.resolve("ansible.cfg"), "[defaults]\nforks = 10\nhost_key_checking = True\n"
                + "interpreter_python = /usr/bin/python3\nretry_files_enabled = False\n"
                + "[ssh_connection]\npipelining = True\n", StandardCharsets.UTF_8);
        return Path.of("bench/ansible/base.yml").toAbsolutePath();
    }

    static CliBench.Run run(Path work, Path play) throws Exception {
        return CliBench.exec(List.of("env", "ANSIBLE_CONFIG=" + work.resolve("ansible.cfg"), "ansible-playbook",
                "-i", work.resolve("hosts.ini").toString(), play.toString()));
    }

    static CliBench.Run requireNoChange(CliBench.Run run) {
        CliBench.require(run, 0, "ansible-playbook");
        Matcher m = RECAP.matcher(run.stdout());
        int hosts = 0;
        while (m.find()) {
            hosts++;
            if (!m.group(1).equals("0") || !m.group(2).equals("0") || !m.group(3).equals("0")) {
                throw new IllegalStateException("Ansible's run was not a clean no-op: " + run.stdout());
            }
        }
        if (hosts == 0) {
            throw new IllegalStateException("no PLAY RECAP in Ansible's output: " + run.stdout());
        }
        return run;
    }
}
