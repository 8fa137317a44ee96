package org.gardenos.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.gardenos.state.StateDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kept hash is checked with a SHA-512 crypt only when the pair (hash, password) was not checked before; a changed
 * password, a changed hash or a forged record is still caught (counted: the crypts this class runs).
 */
class StatsPasswordHashTest {
    private static final String PASSWORD = "kept0123456789kept0123456789kept";
    private static final String OTHER = "else0123456789else0123456789else";

    @TempDir
    Path dir;
    StateDir state;

    @BeforeEach
    void open() {
        state = StateDir.open(dir.resolve("state"));
    }

    private String kept() {
        return text(StatsPasswordHash.STATE_FILE);
    }

    private String text(String file) {
        return new String(state.read(file).orElseThrow(), StandardCharsets.UTF_8).strip();
    }

    private int cryptsOf(Runnable run) {
        int before = StatsPasswordHash.crypts();
        run.run();
        return StatsPasswordHash.crypts() - before;
    }

    @Test
    void anUnchangedPairIsCheckedOnceThenRemembered() throws Exception {
        assertThat(cryptsOf(() -> StatsPasswordHash.loadOrCreate(state, PASSWORD))).isEqualTo(1);
        String hash = kept();

        assertThat(cryptsOf(() -> assertThat(StatsPasswordHash.loadOrCreate(state, PASSWORD)).isEqualTo(hash)))
                .isZero();
        assertThat(cryptsOf(() -> assertThat(StatsPasswordHash.loadOrCreate(state, PASSWORD)).isEqualTo(hash)))
                .isZero();
        Path record = state.resolve(StatsPasswordHash.VERIFIED_FILE);
        assertThat(Files.getPosixFilePermissions(record)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(record)).doesNotContain(PASSWORD).startsWith(hash + " ").hasLineCount(1);
        assertThat(StatsPasswordHash.matches(PASSWORD, hash)).isTrue();
    }

    @Test
    void aKeptHashNotYetRememberedIsCheckedOnceAndKept() {
        String hash = StatsPasswordHash.hash(PASSWORD, "saltsaltsaltsalt");
        state.writeSecret(StatsPasswordHash.STATE_FILE, (hash + "\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(cryptsOf(() -> assertThat(StatsPasswordHash.loadOrCreate(state, PASSWORD)).isEqualTo(hash)))
                .isEqualTo(1);
        assertThat(cryptsOf(() -> assertThat(StatsPasswordHash.loadOrCreate(state, PASSWORD)).isEqualTo(hash)))
                .isZero();
    }

    @Test
    void aRotatedPasswordGetsANewHashAlthoughThePairBeforeWasRemembered() {
        String before = StatsPasswordHash.loadOrCreate(state, PASSWORD);
        StatsPasswordHash.loadOrCreate(state, PASSWORD);

        String after = StatsPasswordHash.loadOrCreate(state, OTHER);

        assertThat(after).isNotEqualTo(before).isEqualTo(kept());
        assertThat(StatsPasswordHash.matches(OTHER, after)).isTrue();
        assertThat(StatsPasswordHash.matches(PASSWORD, after)).isFalse();
        // and back: the record of the new pair does not vouch for the old password either
        String back = StatsPasswordHash.loadOrCreate(state, PASSWORD);
        assertThat(back).isNotEqualTo(after);
        assertThat(StatsPasswordHash.matches(PASSWORD, back)).isTrue();
    }

    @Test
    void aKeptHashReplacedByOneOfAnotherPasswordIsCaught() {
        StatsPasswordHash.loadOrCreate(state, PASSWORD);
        StatsPasswordHash.loadOrCreate(state, PASSWORD);
        String foreign = StatsPasswordHash.hash(OTHER, "saltsaltsaltsalt");
        state.writeSecret(StatsPasswordHash.STATE_FILE, (foreign + "\n").getBytes(StandardCharsets.US_ASCII));

        String hash = StatsPasswordHash.loadOrCreate(state, PASSWORD);

        assertThat(hash).isNotEqualTo(foreign).isEqualTo(kept());
        assertThat(StatsPasswordHash.matches(PASSWORD, hash)).isTrue();
    }

    @Test
    void aRecordThatDoesNotFitThePairIsNotTrusted() {
        String foreign = StatsPasswordHash.hash(OTHER, "saltsaltsaltsalt");
        state.writeSecret(StatsPasswordHash.STATE_FILE, (foreign + "\n").getBytes(StandardCharsets.US_ASCII));
        // the record names the kept hash, but its fingerprint is of another password: it must not vouch
        state.writeSecret(StatsPasswordHash.VERIFIED_FILE, (foreign + " "
                + StatsPasswordHash.fingerprint(foreign, OTHER) + "\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(cryptsOf(() -> assertThat(StatsPasswordHash.loadOrCreate(state, PASSWORD)).isNotEqualTo(foreign)))
                .isEqualTo(2);
        assertThat(StatsPasswordHash.matches(PASSWORD, kept())).isTrue();

        state.writeSecret(StatsPasswordHash.VERIFIED_FILE, "garbage".getBytes(StandardCharsets.US_ASCII));
        assertThat(cryptsOf(() -> StatsPasswordHash.loadOrCreate(state, PASSWORD))).isEqualTo(1);
        assertThat(cryptsOf(() -> StatsPasswordHash.loadOrCreate(state, PASSWORD))).isZero();
    }

    @Test
    void theFingerprintChangesWithEitherHalfOfThePair() {
        String hash = StatsPasswordHash.hash(PASSWORD, "saltsaltsaltsalt");
        String fingerprint = StatsPasswordHash.fingerprint(hash, PASSWORD);

        assertThat(fingerprint).matches("[0-9a-f]{64}").isEqualTo(StatsPasswordHash.fingerprint(hash, PASSWORD));
        assertThat(StatsPasswordHash.fingerprint(hash, OTHER)).isNotEqualTo(fingerprint);
        assertThat(StatsPasswordHash.fingerprint(StatsPasswordHash.hash(PASSWORD, "othersaltothersa"), PASSWORD))
                .isNotEqualTo(fingerprint);
    }
}
