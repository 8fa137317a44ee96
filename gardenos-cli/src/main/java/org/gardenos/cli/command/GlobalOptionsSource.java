package org.gardenos.cli.command;

/**
 * Where commands get the global options from: the top-level command picocli parsed them into. An interface, so that
 * the commands' shared infrastructure does not depend on the command tree that lists every subcommand.
 */
public interface GlobalOptionsSource {
    GlobalOptions options();
}
