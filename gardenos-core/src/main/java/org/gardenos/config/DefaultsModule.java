package org.gardenos.config;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;
import org.gardenos.artifact.ArtifactSettings;
import org.gardenos.artifact.ReleaseArtifact;

/**
 * The collaborators layers are given instead of building them, so an embedder or a test rebinds them
 * ({@code GardenOS.builder().overrideWith(module)}, or {@code Modules.override}): the {@link Clock} (UTC system
 * clock), the {@link HttpClient} downloads go through, the {@link ArtifactSettings} and the {@link ReleaseArtifact}
 * cache built from both. Installed by {@link org.gardenos.CoreModule}; layer modules bind their own timeouts
 * (e.g. {@code EtcdTimeouts}, {@code K3sTimeouts}).
 */
public final class DefaultsModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Clock.class).toInstance(Clock.systemUTC());
        bind(ArtifactSettings.class).toInstance(ArtifactSettings.defaults());
    }

    @Provides
    @Singleton
    HttpClient httpClient() {
        return ReleaseArtifact.defaultHttpClient();
    }

    @Provides
    @Singleton
    ReleaseArtifact releaseArtifact(com.google.inject.Provider<HttpClient> http, ArtifactSettings settings) {
        return new ReleaseArtifact(http::get, settings.cacheDir(), settings.downloadTimeout());
    }
}
