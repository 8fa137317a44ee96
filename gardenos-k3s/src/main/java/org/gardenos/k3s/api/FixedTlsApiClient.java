package org.gardenos.k3s.api;

import io.kubernetes.client.openapi.ApiClient;
import java.io.InputStream;
import javax.net.ssl.KeyManager;
import okhttp3.OkHttpClient;

/**
 * An API client whose TLS is fixed when it is made ({@link ApiClients}): the OkHttpClient it is given already trusts
 * only the kubeconfig's CA and presents the client certificate. client-java's SSL setters are refused. Each of them
 * runs {@code applySslSettings}, which rebuilds the OkHttpClient's TLS from this object's fields: with no CA stream
 * (this client keeps none) it would silently trust the JDK's cacerts, every public CA, instead of the cluster's own
 * (and read cacerts again, the cost {@link ApiClients} avoids). A caller that needs other TLS builds another client.
 */
final class FixedTlsApiClient extends ApiClient {

    FixedTlsApiClient(OkHttpClient http, KeyManager[] keyManagers, String basePath) {
        super(http);
        // new ApiClient() gives its OkHttpClient one network interceptor (the download progress of calls made with an
        // ApiCallback); this constructor does not, so it is added here, client-java's own
        this.httpClient = http.newBuilder().addNetworkInterceptor(getProgressInterceptor()).build();
        // what getKeyManagers() answers for a client whose key managers were set; here they are in the SSLContext
        this.keyManagers = keyManagers;
        setBasePath(basePath);
    }

    @Override
    public ApiClient setVerifyingSsl(boolean verifyingSsl) {
        throw fixed();
    }

    @Override
    public ApiClient setSslCaCert(InputStream sslCaCert) {
        throw fixed();
    }

    @Override
    public ApiClient setKeyManagers(KeyManager[] managers) {
        throw fixed();
    }

    @Override
    public ApiClient setTlsServerName(String tlsServerName) {
        throw fixed();
    }

    @Override
    protected void applySslSettings() {
        throw fixed();
    }

    private static UnsupportedOperationException fixed() {
        return new UnsupportedOperationException("this client's TLS (the kubeconfig's CA, its client certificate, "
                + "the server's name verified) is fixed when it is built; build another client for other TLS");
    }
}
