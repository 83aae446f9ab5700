package io.augcon.scorer;

import ai.djl.engine.Engine;
import io.augcon.scorer.encoder.DjlOffline;

/** The PyTorch engine of DJL, loaded offline from the native jar on the class path, on one thread. */
final class DjlRuntime {
    private DjlRuntime() {}

    /**
     * The PyTorch engine. Before it first loads: no network ({@link DjlOffline}), and one intra-op
     * and one inter-op thread unless the user set {@code ai.djl.pytorch.num_threads} /
     * {@code ai.djl.pytorch.num_interop_threads} (a head this small gains nothing from more, and one
     * thread keeps sums in a fixed order).
     */
    static synchronized Engine pytorch() {
        DjlOffline.ensure();
        DjlOffline.setIfAbsent("ai.djl.pytorch.num_threads", "1");
        DjlOffline.setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot load DJL's PyTorch engine; ai.djl.pytorch:pytorch-engine, "
                    + "pytorch-jni and pytorch-native-cpu (classifier linux-x86_64) must be on the class path, "
                    + "nothing is downloaded: " + e.getMessage(), e);
        }
    }
}
