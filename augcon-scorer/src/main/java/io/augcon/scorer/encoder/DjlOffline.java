package io.augcon.scorer.encoder;

/**
 * Keeps DJL (used by the PyTorch head trainer and, inside langchain4j, by the tokenizers of the
 * embedding models) from reaching the network.
 *
 * <p>Left alone, DJL 0.36 does two things over HTTP: it downloads a PyTorch native library when
 * none is on the class path or when {@code PYTORCH_VERSION} asks for another version, and its
 * engines and tokenizers "call home" once a day (an EC2 metadata request and a telemetry
 * request). {@code ai.djl.offline=true} makes every DJL download fail at once with "Offline mode is
 * enabled" instead, and turns the call home off; {@code OPT_OUT_TRACKING=true} turns the call home
 * off as well. Both are set as system properties unless the user has set them, before any DJL
 * class that reads them runs. The PyTorch native library then comes from the
 * {@code pytorch-native-cpu} jar on the class path; DJL copies it once into its cache folder
 * ({@code ~/.djl.ai/pytorch}, or {@code DJL_CACHE_DIR}).
 */
public final class DjlOffline {
    private DjlOffline() {}

    /** Sets the properties above unless already set; cheap, call it as often as you like. */
    public static void ensure() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    /** Sets the system property {@code key} to {@code value} unless it is already set. */
    public static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
