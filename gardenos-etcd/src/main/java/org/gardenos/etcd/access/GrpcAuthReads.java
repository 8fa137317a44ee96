package org.gardenos.etcd.access;

import com.google.common.util.concurrent.ListenableFuture;
import io.etcd.jetcd.api.AuthGrpc;
import io.etcd.jetcd.api.AuthRoleGetResponse;
import io.etcd.jetcd.api.AuthRoleListResponse;
import io.etcd.jetcd.api.AuthUserGetResponse;
import io.etcd.jetcd.api.AuthUserListResponse;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gardenos.error.GardenException;
import org.gardenos.etcd.access.EtcdAccessPolicy.Observed;
import org.gardenos.etcd.client.EtcdConnection;
import org.gardenos.etcd.client.GrpcAnswers;
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
    private final Duration timeout;
    private final Channel admin;
    private final List<String> users;
    private final ListenableFuture<AuthUserListResponse> asNonRoot;
    private final Map<String, ListenableFuture<AuthUserGetResponse>> rolesOf = new HashMap<>();
    private final ListenableFuture<AuthRoleListResponse> roles;
    private final Map<String, ListenableFuture<AuthRoleGetResponse>> permissions = new HashMap<>();

    /**
     * Sends every read {@link AuthReads#observe} makes at once (issue 13: nine calls one after the other, the first
     * of them on a connection of its own, were the longest path of {@code status}): "is auth on" as {@code k3s},
     * every user's roles, the role list and the managed roles' permissions (a role that does not exist answers
     * with an error nobody reads). Each method then waits for its own answer.
     */
    private GrpcAuthReads(Channel admin, Channel nonRoot, List<String> users, Duration timeout, Duration first) {
        this.timeout = timeout;
        this.admin = admin;
        this.users = users;
        this.asNonRoot = AuthGrpc.newFutureStub(nonRoot).withDeadlineAfter(first.toMillis(), TimeUnit.MILLISECONDS)
                .userList(AuthUserListRequest.getDefaultInstance());
        for (String user : users) {
            rolesOf.put(user, stub().userGet(AuthUserGetRequest.newBuilder().setName(user).build()));
        }
        this.roles = stub().roleList(AuthRoleListRequest.getDefaultInstance());
        for (String role : EtcdAccessPolicy.ROLES.keySet()) {
            permissions.put(role, stub().roleGet(AuthRoleGetRequest.newBuilder().setRole(role).build()));
        }
    }

    /**
     * What the cluster's access control is, read as {@code gardenos} over {@code channels} (the first member that
     * answers) and as {@code k3s} ({@code k3s}: the same endpoints with the k3s certificate) to that member.
     */
    public static Observed observe(MemberChannels channels, EtcdConnection gardenos, EtcdConnection k3s,
                                   EtcdPasswords passwords, Duration startAllowance) {
        java.util.List<MemberChannels> opened = new java.util.ArrayList<>();
        try {
            // the k3s connection to the member asked first starts at once, beside the gardenos one, instead of after
            // the first answer (issue 13: its handshake was on status's longest path)
            URI first = gardenos.endpoints().get(0);
            MemberChannels early = MemberChannels.open(k3s.only(first));
            opened.add(early);
            early.connect();
            return observe(channels, endpoint -> {
                if (endpoint.equals(first)) {
                    return early.channel(endpoint);
                }
                MemberChannels asK3s = MemberChannels.open(k3s.only(endpoint));
                opened.add(asK3s);
                return asK3s.channel(endpoint);
            }, gardenos, passwords, startAllowance);
        } finally {
            opened.forEach(MemberChannels::close);
        }
    }

    /**
     * As above with the {@code k3s} channel to a member given by {@code asK3s} (a run's shared one, see
     * {@link org.gardenos.etcd.client.EtcdClients}), which the caller closes.
     */
    public static Observed observe(MemberChannels channels, java.util.function.Function<URI, Channel> asK3s,
                                   EtcdConnection gardenos, EtcdPasswords passwords, Duration startAllowance) {
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
            return AuthReads.observe(new GrpcAuthReads(admin, asK3s.apply(endpoint), users, timeout, first),
                    passwords);
        }
        throw failed("user list", silent);
    }

    @Override
    public boolean authEnabled() {
        try {
            GrpcAnswers.answer(asNonRoot);
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
        ListenableFuture<AuthUserGetResponse> f = rolesOf.computeIfAbsent(user,
                u -> stub().userGet(AuthUserGetRequest.newBuilder().setName(u).build()));
        return call("user get " + user, () -> GrpcAnswers.answer(f).getRolesList());
    }

    @Override
    public List<String> roles() {
        return call("role list", () -> GrpcAnswers.answer(roles).getRolesList());
    }

    @Override
    public List<Perm> permissions(String role) {
        ListenableFuture<AuthRoleGetResponse> f = permissions.computeIfAbsent(role,
                r -> stub().roleGet(AuthRoleGetRequest.newBuilder().setRole(r).build()));
        return call("role get " + role, () -> GrpcAnswers.answer(f).getPermList().stream()
                .map(p -> new Perm(p.getKey().toString(StandardCharsets.ISO_8859_1),
                        p.getRangeEnd().toString(StandardCharsets.ISO_8859_1),
                        p.getPermType() == Permission.Type.READWRITE)).toList());
    }

    private AuthGrpc.AuthFutureStub stub() {
        return AuthGrpc.newFutureStub(admin).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
