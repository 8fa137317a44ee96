package org.gardenos.postgres.validate;

/** One check of {@code postgres validate} or one finding of {@code doctor}: a name, whether it passed, one line. */
public record Check(String name, boolean ok, String detail) {
    public static Check pass(String name, String detail) {
        return new Check(name, true, detail);
    }

    public static Check fail(String name, String detail) {
        return new Check(name, false, detail);
    }

    /** {@code ok   NAME: detail} or {@code FAIL NAME: detail}, one line whatever the detail held. */
    public String line() {
        return (ok ? "ok   " : "FAIL ") + name + ": " + detail.replaceAll("\\s+", " ").strip();
    }
}
