package org.gardenos.cli.command;

/** How data goes to stdout: aligned columns for people, JSON for scripts. */
public enum OutputFormat {
    TABLE, JSON
}
