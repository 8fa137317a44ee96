package org.gardenos.etcd.access;

import io.etcd.jetcd.api.AuthGrpc;
import io.etcd.jetcd.api.AuthRoleGetRequest;
import io.etcd.jetcd.api.AuthRoleListRequest;
import io.etcd.jetcd.api.AuthUserGetRequest;
import io.etcd.jetcd.api.AuthUserListRequest;
import io.etcd.jetcd.api.Permission;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gardenos.error.GardenException;
import org.gardenos.etcd.access.EtcdAccessPolicy.Observed;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.client.MemberChannels;

/**
 * {@link AuthReads} over plain gRPC stubs, for {@code status} (issue 13): the admin reads ride the status probe's
 * own channel to a member (no client, TLS context or handshake of their own), "is auth on" goes over one channel
 * with the {@code k3s} identity to that same member. Before, status started two jetcd clients for this (each a
 * Vert.x instance, a TLS context and a connection to every member). The first call on a channel gets the start-up
 * allowance the probe's first call gets (it may also connect); a member that does not answer it is passed over for
 * the next one.
 */
public final class GrpcAuthReads implements AuthReads {
    private final Channel admin;
    private final Channel nonRoot;
    private final List<String> users;
    private final Duration timeout;
    private final Duration first;

    private GrpcAuthReads(Channel admin, Channel nonRoot, List<String> users, Duration timeout, Duration first) {
        this.admin = admin;
        this.nonRoot = nonRoot;
        this.users = users;
        this.timeout = timeout;
        this.first = first;
    }

    /**
     * What the cluster's access control is, read as {@code gardenos} over {@code channels} (the first member that
     * answers) and as {@code k3s} ({@code k3s}: the same endpoints with the k3s certificate) to that member.
     */
    public static Observed observe(MemberChannels channels, EtcdConnection gardenos, EtcdConnection k3s,
                                   EtcdPasswords passwords, Duration startAllowance) {
        Duration timeout = gardenos.timeout();
        Duration first = timeout.plus(startAllowance);
        StatusRuntimeException silent = null;
        for (URI endpoint : gardenos.endpoints()) {
            Channel admin = channels.channel(endpoint);
            List<String> users;
            try {
                users = AuthGrpc.newBlockingStub(admin).withDeadlineAfter(first.toMillis(), TimeUnit.MILLISECONDS)
                        .userList(AuthUserListRequest.getDefaultInstance()).getUsersList();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.UNAVAILABLE
                        || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                    silent = e;
                    continue;
                }
                throw failed("user list", e);
            }
            try (MemberChannels asK3s = MemberChannels.open(k3s.only(endpoint))) {
                return AuthReads.observe(new GrpcAuthReads(admin, asK3s.channel(endpoint), users, timeout, first),
                        passwords);
            }
        }
        throw failed("user list", silent);
    }

    @Override
    public boolean authEnabled() {
        try {
            AuthGrpc.newBlockingStub(nonRoot).withDeadlineAfter(first.toMillis(), TimeUnit.MILLISECONDS)
                    .userList(AuthUserListRequest.getDefaultInstance());
            return false;
        } catch (StatusRuntimeException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("permission denied") || m.contains("user name not found")) {
                return true;
            }
            throw new GardenException("etcd: cannot tell whether auth is on: " + m, e);
        }
    }

    @Override
    public List<String> users() {
        return users;
    }

    @Override
    public List<String> rolesOf(String user) {
        return call("user get " + user, () -> stub().userGet(AuthUserGetRequest.newBuilder().setName(user).build())
                .getRolesList());
    }

    @Override
    public List<String> roles() {
        return call("role list", () -> stub().roleList(AuthRoleListRequest.getDefaultInstance()).getRolesList());
    }

    @Override
    public List<Perm> permissions(String role) {
        return call("role get " + role, () -> stub().roleGet(AuthRoleGetRequest.newBuilder().setRole(role).build())
                .getPermList().stream().map(p -> new Perm(p.getKey().toString(StandardCharsets.ISO_8859_1),
                        p.getRangeEnd().toString(StandardCharsets.ISO_8859_1),
                        p.getPermType() == Permission.Type.READWRITE)).toList());
    }

    private AuthGrpc.AuthBlockingStub stub() {
        return AuthGrpc.newBlockingStub(admin).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw failed(what, e);
        }
    }

    private static GardenException failed(String what, StatusRuntimeException e) {
        String m = e == null ? "no member answered" : String.valueOf(e.getMessage());
        String hint = m.contains("permission denied")
                ? "; hint: etcd auth is on and the gardenos client certificate's user is not root" : "";
        return new GardenException("etcd: " + what + " failed: " + m + hint, e);
    }
}
