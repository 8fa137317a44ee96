package org.gardenos.postgres.debug;

import org.gardenos.postgres.model.SecretValues;
import org.gardenos.postgres.render.PostgresManifests;

/** Placeholders for rendering into the debug archive: the archive never sees a kept secret. */
final class PlaceholderSecrets implements SecretValues {
    @Override
    public String password(String secretName) {
        return PostgresManifests.REDACTED;
    }

    @Override
    public Pem etcdClient() {
        return new Pem(PostgresManifests.REDACTED, PostgresManifests.REDACTED, PostgresManifests.REDACTED);
    }

    @Override
    public String etcdPassword() {
        return PostgresManifests.REDACTED;
    }

    @Override
    public Pem serverCertificate() {
        return new Pem(PostgresManifests.REDACTED, PostgresManifests.REDACTED, PostgresManifests.REDACTED);
    }
}
