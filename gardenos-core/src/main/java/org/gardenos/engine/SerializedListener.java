package org.gardenos.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serializes calls to a caller's listener and keeps a throwing listener from breaking the run. */
final class SerializedListener implements ApplyListener {
    private static final Logger LOG = LoggerFactory.getLogger(SerializedListener.class);
    private final ApplyListener delegate;

    SerializedListener(ApplyListener delegate) {
        this.delegate = delegate == null ? ApplyListener.NONE : delegate;
    }

    @Override
    public synchronized void resourceStarted(String host, String layer, String resource) {
        guard(() -> delegate.resourceStarted(host, layer, resource));
    }

    @Override
    public synchronized void resourceFinished(String host, String layer, String resource, Outcome outcome,
                                              Change change) {
        guard(() -> delegate.resourceFinished(host, layer, resource, outcome, change));
    }

    @Override
    public synchronized void warning(HostWarning warning) {
        guard(() -> delegate.warning(warning));
    }

    @Override
    public synchronized void hostFailed(HostFailure failure) {
        guard(() -> delegate.hostFailed(failure));
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("apply listener failed; the run goes on", e);
        }
    }
}
