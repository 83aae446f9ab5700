package io.augcon.llm.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augcon.api.LlmException;
import io.augcon.testkit.ChildJvm;
import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.SelfSignedTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@link HttpTransport} reaches an {@code https} endpoint: the loopback server with a
 * certificate made for the test. A JVM's default trust is read once, so the calls that must be
 * trusted run in a child JVM whose trust store is that certificate alone; in this JVM the
 * certificate is unknown, and each transport must fail the call as a connection failure, not hang.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpsTransportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static SelfSignedTls tls;

    @BeforeAll
    static void certificate() {
        tls = SelfSignedTls.create(dir);
    }

    @Test
    void everyTransportGetsItsAnswerOverTls() throws Exception {
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().tls(tls.serverContext()).build().start()) {
            assertThat(server.baseUrl()).startsWith("https://127.0.0.1:");
            List<String> java = ChildJvm.command("256m", TrustedCalls.class, server.baseUrl());
            java.addAll(1, tls.trustStoreProperties());
            Process child = new ProcessBuilder(java).redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(90, TimeUnit.SECONDS)).as(output).isTrue();
            assertThat(child.exitValue()).as(output).isZero();

            assertThat(output).contains("OKHTTP: hello over tls", "JDK: hello over tls", "APACHE_ASYNC: hello over tls");
            assertThat(server.requestCount()).isEqualTo(HttpTransport.values().length);
        }
    }

    @ParameterizedTest
    @EnumSource(HttpTransport.class)
    void aCertificateNobodyTrustsFailsTheCallAsAConnectionFailure(HttpTransport transport) throws Exception {
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().tls(tls.serverContext()).build().start()) {
            JsonHttpClient http = JsonHttpClient.builder().endpoint(server.baseUrl(), "/chat/completions").transport(transport)
                    .timeout(Duration.ofSeconds(30)).build();

            assertThatThrownBy(() -> http.post(chat()).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(LlmException.class)
                    .satisfies(e -> assertThat(((LlmException) e).kind()).isEqualTo(LlmException.Kind.CONNECTION));
            assertThat(server.requestCount()).isZero();
        }
    }

    private static JsonNode chat() throws Exception {
        return JSON.readTree("{\"model\":\"loopback\",\"messages\":[{\"role\":\"user\",\"content\":\"hello over tls\"}]}");
    }

    /** The child JVM: one call over each transport, printing the echoed content. */
    public static final class TrustedCalls {
        private TrustedCalls() {}

        public static void main(String[] args) throws Exception {
            for (HttpTransport transport : HttpTransport.values()) {
                JsonHttpClient http = JsonHttpClient.builder().endpoint(args[0], "/chat/completions").transport(transport)
                        .timeout(Duration.ofSeconds(30)).build();
                JsonNode answer = http.post(chat()).get(60, TimeUnit.SECONDS);
                System.out.println(transport + ": " + answer.path("choices").path(0).path("message").path("content").asText());
            }
            System.exit(0);
        }
    }
}
