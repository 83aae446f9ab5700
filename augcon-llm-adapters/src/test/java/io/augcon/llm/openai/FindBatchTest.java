package io.augcon.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A rerun looks for the batch a crash left unrecorded by its input file. The account may have made
 * any number of batches since, so the search pages through the whole list: a batch not found would
 * be created, and paid for, a second time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FindBatchTest {
    private static final byte[] LINE = ("{\"custom_id\":\"k\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
            + "\"body\":{\"model\":\"loopback\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n")
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void aBatchWithTwoHundredAndFiftyNewerOnesIsFoundOnTheThirdPage() throws Exception {
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback").handler(ScriptedLlm.immediate())
                .build().start();
                OpenAiBatchBackend batches = OpenAiBatchBackend.builder().baseUrl(server.baseUrl()).model("loopback").build()) {
            List<String> files = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int round = 1; round <= 251; round++) {
                String file = batches.upload(LINE, round).get(10, TimeUnit.SECONDS);
                files.add(file);
                ids.add(batches.create(file, round).get(10, TimeUnit.SECONDS));
            }

            assertThat(batches.findBatch(files.get(0)).get(10, TimeUnit.SECONDS)).as("the oldest, past two full pages")
                    .isEqualTo(Optional.of(ids.get(0)));
            assertThat(batches.findBatch(files.get(150)).get(10, TimeUnit.SECONDS)).isEqualTo(Optional.of(ids.get(150)));
            assertThat(batches.findBatch(files.get(250)).get(10, TimeUnit.SECONDS)).isEqualTo(Optional.of(ids.get(250)));
            assertThat(batches.findBatch("file-never-uploaded").get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }
}
