package org.gardenos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.gardenos.error.GardenException;
import org.gardenos.error.InputException;
import org.gardenos.remote.CommandResult;
import org.gardenos.remote.RemoteCommandException;
import org.junit.jupiter.api.Test;

class ErrorReportTest {

    @Test
    void badInputPrintsItsOwnLinesAndExits2() {
        InputException e = new InputException(List.of(
                "gardenos.yaml:7:14: hosts[1].address: '10.0.0.300' is not an IPv4 address",
                "gardenos.yaml:9:3: hosts[2].roles: unknown role 'master' (hint: etcd, server, agent, lb)"));

        ErrorReport report = ErrorReport.of(e, false);

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.lines()).containsExactlyElementsOf(e.lines());
    }

    @Test
    void badInputNeverShowsAStackTraceEvenVerbose() {
        ErrorReport report = ErrorReport.of(new InputException("gardenos.yaml:1:1: cluster: missing"), true);

        assertThat(report.lines()).containsExactly("gardenos.yaml:1:1: cluster: missing");
    }

    @Test
    void runtimeFailureIsOneLineNamingHostCommandAndStderrExit1() {
        RemoteCommandException e = new RemoteCommandException(
                new CommandResult("node1", "systemctl restart etcd", 1, "", "Job for etcd.service failed"));

        ErrorReport report = ErrorReport.of(e, false);

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.lines()).containsExactly(
                "error: node1: command `systemctl restart etcd` exited 1: Job for etcd.service failed");
    }

    @Test
    void localIoFailureIsOneLineExit1() {
        UncheckedIOException e = new UncheckedIOException("cannot create state directory /x: Permission denied",
                new IOException("Permission denied"));

        ErrorReport report = ErrorReport.of(e, false);

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.lines()).containsExactly("error: cannot create state directory /x: Permission denied");
    }

    @Test
    void unexpectedFailureIsOneLineWithoutTraceUnlessVerbose() {
        IllegalStateException e = new IllegalStateException("boom");

        ErrorReport quiet = ErrorReport.of(e, false);
        ErrorReport verbose = ErrorReport.of(e, true);

        assertThat(quiet.exitCode()).isEqualTo(1);
        assertThat(quiet.lines()).containsExactly(
                "error: unexpected java.lang.IllegalStateException: boom (run with -v for details)");
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.lines().get(0)).isEqualTo("error: unexpected java.lang.IllegalStateException: boom");
        assertThat(verbose.lines()).anySatisfy(l -> assertThat(l).contains("at org.gardenos.cli.ErrorReportTest"));
    }

    @Test
    void failureWithoutMessageNamesItsType() {
        ErrorReport report = ErrorReport.of(new GardenException(null), false);

        assertThat(report.lines()).containsExactly("error: GardenException");
    }

    @Test
    void failuresFromOtherThreadsAreReportedAsThemselves() {
        Throwable wrapped = new java.util.concurrent.CompletionException(
                new InputException("unknown layer 'etc' for status; layers with a status: etcd, lb"));

        ErrorReport report = ErrorReport.of(wrapped, false);

        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.lines()).containsExactly("unknown layer 'etc' for status; layers with a status: etcd, lb");
    }
}
