package io.augcon.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.augcon.api.Language;
import io.augcon.api.SftRecord;
import io.augcon.core.event.PipelineListener;
import io.augcon.core.internal.run.OrderedEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class OrderedEmitterTest {
    private final List<String> written = new ArrayList<>();
    private final Semaphore permits = new Semaphore(0);
    private final OrderedEmitter emitter = new OrderedEmitter(r -> written.add(r.id()), new PipelineListener() { }, permits);

    private static List<SftRecord> records(String... ids) {
        List<SftRecord> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new SftRecord(id, "q", "r", "c", "d", "d#0", 0, null, Language.EN, 0, 1, "m", null));
        }
        return out;
    }

    @Test
    void rootsAreWrittenInSequenceOrderWhateverOrderTheyFinishIn() throws Exception {
        emitter.complete(2, records("c1"));
        emitter.complete(1, records("b1", "b2"));
        assertThat(written).isEmpty();
        assertThat(permits.availablePermits()).isZero();
        emitter.complete(0, records("a1"));
        assertThat(written).containsExactly("a1", "b1", "b2", "c1");
        assertThat(permits.availablePermits()).isEqualTo(3);
    }

    @Test
    void aRootWithoutRecordsStillAdvancesTheOrder() throws Exception {
        emitter.complete(1, records("b1"));
        emitter.complete(0, List.of());
        assertThat(written).containsExactly("b1");
    }

    @Test
    void completingARootTwiceIsABug() throws Exception {
        emitter.complete(0, records("a"));
        assertThatThrownBy(() -> emitter.complete(0, records("a"))).hasMessageContaining("twice");
    }
}
