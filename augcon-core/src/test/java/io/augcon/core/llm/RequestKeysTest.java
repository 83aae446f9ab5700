package io.augcon.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.ChatMessage;
import io.augcon.api.LlmRequest;
import io.augcon.api.ResponseSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Keys made from kept openings are {@link RequestKey#of}'s, and the openings spare the hashing. */
class RequestKeysTest {
    /** Fixed parts of a few kB, as a prompt's instructions and examples are; one in Chinese. */
    private static final List<String> TEMPLATES = List.of(
            "Write one question the context answers.\n" + "Example: the gear ratio sets the pedalling effort. ".repeat(60),
            "上下文：茶叶的发酵程度决定了它的类别。问题：\"引号\"与 \\ 反斜杠\n".repeat(40),
            "Answer from the context only, briefly.\n" + "Q: why? A: because the spokes carry the load. ".repeat(70));

    private static LlmRequest request(Random random, int template, boolean asMessages) {
        String context = "Context " + random.nextInt(1_000_000) + ": " + "tension and torque ".repeat(1 + random.nextInt(30));
        LlmRequest.Builder b = LlmRequest.builder().temperature(0.85).maxTokens(64 + template).seed(random.nextLong())
                .stop(List.of("\nContext:"));
        if (asMessages) {
            b.message(ChatMessage.system(TEMPLATES.get(template))).message(ChatMessage.user(context));
        } else {
            b.prompt(TEMPLATES.get(template) + context);
        }
        if (template == 2) {
            b.responseSchema(new ResponseSchema("answer", "{\"type\":\"object\"}"));
        }
        return b.build();
    }

    @Test
    void keysAreRequestKeysAndTheOpeningsSpareMostOfTheHashing() {
        RequestKeys keys = new RequestKeys();
        Random random = new Random(17);
        for (int i = 0; i < 300; i++) {
            LlmRequest request = request(random, random.nextInt(TEMPLATES.size()), i % 2 == 0);
            assertThat(keys.of("qwen2.5-7b", request)).as("request %d", i).isEqualTo(RequestKey.of("qwen2.5-7b", request));
        }
        assertThat(keys.openings()).isBetween(1, 16);
        long[] hashedAndTotal = keys.hashedAndTotalBytes();
        assertThat(hashedAndTotal[0]).as("bytes hashed of %d", hashedAndTotal[1]).isLessThan(hashedAndTotal[1] / 3);
    }

    @Test
    void aRepeatedRequestAndSmallOnesKeepTheirKeys() {
        RequestKeys keys = new RequestKeys();
        LlmRequest big = LlmRequest.builder().prompt(TEMPLATES.get(0)).build();
        LlmRequest small = LlmRequest.builder().prompt("Question:").build();
        for (int i = 0; i < 5; i++) {
            assertThat(keys.of("m", big)).isEqualTo(RequestKey.of("m", big));
            assertThat(keys.of("m", small)).isEqualTo(RequestKey.of("m", small));
            assertThat(keys.of("other", big)).isEqualTo(RequestKey.of("other", big));
        }
    }

    @Test
    void openingsStayBoundedWhenEveryRequestOpensDifferently() {
        RequestKeys keys = new RequestKeys();
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            // pairs of requests share a 2 kB opening no other pair has
            String opening = ("pair " + i / 2 + " ").repeat(300);
            LlmRequest request = LlmRequest.builder().prompt(opening + random.nextInt()).build();
            assertThat(keys.of("m", request)).isEqualTo(RequestKey.of("m", request));
        }
        assertThat(keys.openings()).isEqualTo(16);
    }

    @Test
    void threadsShareTheOpeningsAndGetTheSameKeys() throws Exception {
        RequestKeys keys = new RequestKeys();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int wrong = 0;
                    for (int i = 0; i < 400; i++) {
                        LlmRequest request = request(random, random.nextInt(TEMPLATES.size()), random.nextBoolean());
                        if (!keys.of("m", request).equals(RequestKey.of("m", request))) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(keys.openings()).isPositive();
    }
}
