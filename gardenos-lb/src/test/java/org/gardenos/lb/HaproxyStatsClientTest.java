package org.gardenos.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gardenos.error.GardenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stats client against a local HTTP server: what it sends, what it accepts, what it refuses (issue 13 rewrite). */
class HaproxyStatsClientTest {
    private static final String CSV = "# pxname,svname,status,check_status\n"
            + "k8s-api-servers,s1,UP,L4OK\n"
            + "k8s-api-servers,s2,DOWN,L4CON\n";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile Answer answer;

    interface Answer {
        void answer(HttpExchange exchange) throws java.io.IOException;
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            answer.answer(exchange);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private LoadBalancerStatus fetch() {
        return new HaproxyStatsClient(Duration.ofSeconds(5)).fetch("lb1", "127.0.0.1", server.getAddress().getPort(),
                "gardenos-stats", "s3cret");
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws java.io.IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void readsTheCsvPageOnceWithBasicCredentials() {
        answer = e -> send(e, 200, CSV.getBytes(StandardCharsets.UTF_8));

        LoadBalancerStatus status = fetch();

        assertThat(status.host()).isEqualTo("lb1");
        assertThat(status.apiServers()).extracting(BackendServerStatus::server).containsExactly("s1", "s2");
        assertThat(status.down()).extracting(BackendServerStatus::server).containsExactly("s2");
        String basic = Base64.getEncoder().encodeToString("gardenos-stats:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(requests).containsExactly("GET /stats;csv Basic " + basic);
    }

    @Test
    void refusedCredentialsAreNamed() {
        answer = e -> send(e, 401, new byte[0]);

        assertThatThrownBy(this::fetch).isInstanceOf(GardenException.class)
                .hasMessageStartingWith("lb1: HAProxy stats at http://127.0.0.1:")
                .hasMessageContaining("refused GardenOS's credentials (401)");
        assertThat(requests).hasSize(1);
    }

    @Test
    void aRedirectIsNotFollowed() {
        answer = e -> {
            e.getResponseHeaders().add("Location", "/elsewhere");
            send(e, 302, new byte[0]);
        };

        assertThatThrownBy(this::fetch).isInstanceOf(GardenException.class).hasMessageEndingWith("answered HTTP 302");
        assertThat(requests).hasSize(1);
    }

    @Test
    void aPageLongerThanTheBoundIsRefused() {
        byte[] huge = new byte[HaproxyStatsClient.MAX_BODY + 1];
        java.util.Arrays.fill(huge, (byte) 'x');
        answer = e -> send(e, 200, huge);

        assertThatThrownBy(this::fetch).isInstanceOf(GardenException.class)
                .hasMessageContaining("cannot read HAProxy stats at").hasMessageContaining("longer than");
    }

    @Test
    void aPageThatIsNotHaproxyCsvIsNamedNotThrownThrough() {
        answer = e -> send(e, 200, "<html>not haproxy</html>".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(this::fetch).isInstanceOf(GardenException.class)
                .hasMessageStartingWith("lb1: HAProxy stats at http://127.0.0.1:")
                .hasMessageContaining("are not usable: not HAProxy CSV stats");
    }

    @Test
    void nothingListeningIsACannotRead() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        int closed = port;
        assertThatThrownBy(() -> new HaproxyStatsClient(Duration.ofSeconds(2)).fetch("lb1", "127.0.0.1", closed,
                "gardenos-stats", "s3cret")).isInstanceOf(GardenException.class)
                .hasMessageStartingWith("lb1: cannot read HAProxy stats at http://127.0.0.1:" + closed + "/stats;csv: ");
    }
}
