package io.augcon.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.scorer.encoder.DjlOffline;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class EncodersTest {
    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThat(Encoders.names()).containsExactly("bge-small-zh", "bge-small-en");
        assertThatThrownBy(() -> Encoders.byName("bert-large"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown encoder 'bert-large'; known encoders: bge-small-zh, bge-small-en");
    }

    @Test
    void djlIsOfflineSoADownloadFailsAtOnceInsteadOfReachingTheNetwork() {
        DjlOffline.ensure();
        assertThat(ai.djl.util.Utils.isOfflineMode()).isTrue();
        assertThatThrownBy(() -> ai.djl.util.Utils.openUrl("https://publish.djl.ai/pytorch/2.7.1/files.txt"))
                .isInstanceOf(IOException.class).hasMessage("Offline mode is enabled.");
    }
}
