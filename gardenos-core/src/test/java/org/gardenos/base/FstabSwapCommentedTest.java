package org.gardenos.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FstabSwapCommentedTest {
    private static final String FSTAB = """
            # /etc/fstab
            UUID=aaaa /     ext4 errors=remount-ro 0 1
            /swapfile none  swap sw 0 0
            #/dev/sdb2 none swap sw 0 0
            UUID=bbbb  none swap   sw,pri=5 0 0
            tmpfs /tmp tmpfs defaults 0 0""";

    @Test
    void commentsOnlyActiveSwapEntriesAndKeepsEverythingElse() {
        assertThat(FstabSwapCommented.commentSwapLines(FSTAB)).isEqualTo("""
                # /etc/fstab
                UUID=aaaa /     ext4 errors=remount-ro 0 1
                # swap disabled by GardenOS: /swapfile none  swap sw 0 0
                #/dev/sdb2 none swap sw 0 0
                # swap disabled by GardenOS: UUID=bbbb  none swap   sw,pri=5 0 0
                tmpfs /tmp tmpfs defaults 0 0""");
        assertThat(FstabSwapCommented.swapEntries(FSTAB)).isEqualTo(2);
    }

    @Test
    void isIdempotent() {
        String once = FstabSwapCommented.commentSwapLines(FSTAB);
        assertThat(FstabSwapCommented.commentSwapLines(once)).isEqualTo(once);
        assertThat(FstabSwapCommented.swapEntries(once)).isZero();
    }
}
