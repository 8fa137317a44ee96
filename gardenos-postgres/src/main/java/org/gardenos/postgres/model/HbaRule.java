package org.gardenos.postgres.model;

/** One pg_hba.conf line. {@code address} is empty for {@code local} (unix socket) lines. */
public record HbaRule(String type, String database, String user, String address, String method) {
    public String line() {
        return address.isEmpty()
                ? String.join(" ", type, database, user, method)
                : String.join(" ", type, database, user, address, method);
    }
}
