package org.gardenos.status;

/**
 * Tells the truth about one layer's health. Layer modules contribute one with
 * {@code Multibinder.newSetBinder(binder(), LayerStatus.class).addBinding().to(...)}. Implementations probe
 * in parallel with short timeouts, so a dead host costs one timeout, and never change anything.
 */
public interface LayerStatus {
    /** The layer's name, as in {@code gardenos status LAYER}. */
    String layer();

    StatusReport probe();
}
