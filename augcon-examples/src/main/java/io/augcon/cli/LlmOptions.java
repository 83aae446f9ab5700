package io.augcon.cli;

import io.augcon.api.LlmBackend;
import io.augcon.api.TextEncoder;
import io.augcon.core.AugConBuilder;
import io.augcon.core.llm.AdaptiveConcurrency;
import io.augcon.core.llm.Resilience;
import io.augcon.core.llm.RetryPolicy;
import io.augcon.core.offline.CachingTextEncoder;
import io.augcon.core.offline.ExtractiveResponder;
import io.augcon.core.offline.OfflineExpander;
import io.augcon.llm.http.HttpTransport;
import io.augcon.llm.ollama.OllamaChatBackend;
import io.augcon.llm.openai.OpenAiChatBackend;
import io.augcon.llm.openai.OpenAiCompatibleBuilder;
import io.augcon.llm.openai.OpenAiCompletionsBackend;
import io.augcon.llm.tokens.HuggingFaceTokenCounter;
import io.augcon.llm.tokens.TokenCountingBackend;
import io.augcon.scorer.encoder.EmbeddingModelEncoder;
import io.augcon.scorer.tagger.BundledTagger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code generate}'s way to the LLM and its fault tolerance: the endpoint (or offline), the key,
 * headers, timeouts, retries, adaptive concurrency, per-minute rate limits and the tokenizer. None of them changes which
 * records a run writes, so a resume may change them; the model that answers is {@link
 * GenerationOptions}'.
 */
final class LlmOptions {
    /** {@code --offline} or {@code --base-url}, or neither (offline). */
    @ArgGroup(exclusive = true)
    Endpoint endpoint;

    @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = "OPENAI_API_KEY",
            description = "Environment variable holding the API key (default: ${DEFAULT-VALUE}).")
    String apiKeyEnv;

    @Option(names = "--header", paramLabel = "K=V", description = "An extra HTTP header for every LLM request; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16", description = "Most LLM requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout-s", paramLabel = "N", defaultValue = "120", description = "Per-request timeout in seconds (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--http-client", paramLabel = "NAME", defaultValue = "apache",
            description = "The HTTP client of the LLM requests: apache for Apache HttpClient 5's non-blocking client,"
                    + " which needs a few threads however many requests are in flight; okhttp or jdk (the JDK's"
                    + " java.net.http client), which hold one per request in flight. The answers are the same;"
                    + " jdk costs the most CPU per call (default: ${DEFAULT-VALUE}).")
    String httpClient;

    @Option(names = "--max-retries", paramLabel = "N", defaultValue = "4",
            description = "Retries of a failed LLM call (5xx, 429, timeouts, resets, malformed bodies) with backoff and"
                    + " Retry-After; 0 turns them off (default: ${DEFAULT-VALUE}).")
    int maxRetries;

    @Option(names = "--adaptive-concurrency", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Lower the in-flight limit under 429s and overload and pause all requests while the server keeps"
                    + " failing (AIMD and a circuit breaker); --no-adaptive-concurrency keeps --concurrency fixed (default: on).")
    boolean adaptiveConcurrency;

    @Option(names = "--max-requests-per-minute", paramLabel = "N", defaultValue = "0",
            description = "The endpoint's requests-per-minute quota: requests past it wait instead of coming back as 429s;"
                    + " 0 is unlimited (default: ${DEFAULT-VALUE}).")
    long maxRequestsPerMinute;

    @Option(names = "--max-tokens-per-minute", paramLabel = "N", defaultValue = "0",
            description = "The endpoint's tokens-per-minute quota, each request estimated as its characters / 4 plus its"
                    + " max tokens and settled with the usage its answer reports; 0 is unlimited (default: ${DEFAULT-VALUE}).")
    long maxTokensPerMinute;

    @Option(names = "--structured-output",
            description = "Ask the server to enforce a JSON Schema on CST and judge answers (OpenAI: response_format; Ollama: format); a server"
                    + " that refuses it makes the run say so once and use the text layout (default: off).")
    boolean structuredOutput;

    @Option(names = "--preflight", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Before reading the corpus, check that the server answers, takes the key and serves the model"
                    + " (GET /models, or one short request), so that a wrong URL, key or model fails in seconds with the"
                    + " server's words; --no-preflight skips it for a server that cannot take the extra request (default: on).")
    boolean preflight;

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "The model's tokenizer.json: token usage is counted with it where the server reports none.")
    Path tokenizer;

    /** The run's LLM endpoint or the embedded offline method. */
    static final class Endpoint {
        @Option(names = "--offline", description = "No LLM: the embedded in-process method (on when no --base-url).")
        boolean offline;

        @Option(names = "--base-url", paramLabel = "URL", split = ",",
                description = "An OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1. The Spark launcher takes a list"
                        + " (repeated or comma-separated) and spreads its tasks across it; generate takes one.")
        List<String> baseUrls = new ArrayList<>();
    }

    /** True when the run asks an LLM, that is, {@code --base-url} is given. */
    boolean useLlm() {
        return endpoint != null && !endpoint.baseUrls.isEmpty();
    }

    /** The {@code --base-url} values in the order given, blanks dropped; empty for an offline run. */
    List<String> baseUrls() {
        return endpoint == null ? List.of() : endpoint.baseUrls.stream().map(String::strip).filter(u -> !u.isEmpty()).toList();
    }

    /**
     * Sets {@code builder}'s concurrency and who answers: {@code model}'s backend at {@code
     * --base-url} with its resilience, or the offline stages. A bad option is an
     * IllegalArgumentException naming it.
     */
    void applyTo(AugConBuilder builder, GenerationOptions model) {
        applyPolicy(builder);
        if (baseUrls().size() > 1) {
            throw new IllegalArgumentException("--base-url: " + baseUrls().size() + " URLs given; a run in one JVM asks one"
                    + " endpoint (put a load balancer in front of a fleet), the Spark launcher spreads a list across its tasks");
        }
        applyStages(builder, model, useLlm() ? baseUrls().get(0) : null);
    }

    /**
     * Who answers, the live objects a configuration cannot hold: with {@code baseUrl}, {@code
     * model}'s backend there (the key read from {@code --api-key-env} now, in this JVM); without,
     * the offline stages.
     */
    void applyStages(AugConBuilder builder, GenerationOptions model, String baseUrl) {
        if (baseUrl == null) {
            TextEncoder encoder = new CachingTextEncoder(EmbeddingModelEncoder.bgeSmallZh(), 200_000);
            builder.nodeExpander(new OfflineExpander(encoder, new BundledTagger())).responseRefiner(new ExtractiveResponder(encoder));
            return;
        }
        builder.llm(counted(backend(model, baseUrl)));
    }

    /**
     * The values these options set, all part of the run's {@link io.augcon.core.config.AugConConfig}:
     * the concurrency and, for an LLM run, its resilience, quotas, structured output and preflight.
     */
    void applyPolicy(AugConBuilder builder) {
        builder.concurrency(concurrency);
        if (!useLlm()) {
            return;
        }
        // The builder's own check names maxAttempts (retries + 1); these two name the options instead.
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--timeout-s must be >= 1, was " + timeoutSeconds);
        }
        if (maxRetries < 0 || maxRetries > 20) {
            throw new IllegalArgumentException("--max-retries must be in [0, 20], was " + maxRetries);
        }
        // The chain's request timeout is the backstop behind the HTTP client's own --timeout-s: it
        // never cuts a call that --timeout-s still allows.
        Duration backstop = Duration.ofSeconds(timeoutSeconds);
        Resilience resilience = Resilience.builder()
                .retry(RetryPolicy.builder().maxAttempts(maxRetries + 1).build())
                .requestTimeout(backstop.compareTo(Resilience.DEFAULT_REQUEST_TIMEOUT) > 0
                        ? backstop : Resilience.DEFAULT_REQUEST_TIMEOUT)
                .adaptive(adaptiveConcurrency ? AdaptiveConcurrency.defaults() : null)
                .build();
        builder.llmPolicy(p -> p.withResilience(resilience)
                .withMaxRequestsPerMinute(maxRequestsPerMinute).withMaxTokensPerMinute(maxTokensPerMinute)
                .withStructuredOutput(structuredOutput).withPreflight(preflight));
    }

    /** {@code llm} counting token usage with {@code --tokenizer} where the server reports none; itself without one. */
    LlmBackend counted(LlmBackend llm) {
        if (tokenizer == null) {
            return llm;
        }
        try {
            return new TokenCountingBackend(llm, HuggingFaceTokenCounter.load(tokenizer));
        } catch (IOException e) {
            throw new IllegalArgumentException("--tokenizer: " + e.getMessage(), e);
        }
    }

    private LlmBackend backend(GenerationOptions model, String url) {
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        Map<String, String> headers = headers();
        return switch (model.backend) {
            case OPENAI -> openAi(OpenAiChatBackend.builder(), model, url).build();
            case OPENAI_COMPLETIONS -> OpenAiCompletionsBackend.builder().baseUrl(url).model(model.model)
                    .apiKeyFromEnv(apiKeyEnv).headers(headers).timeout(timeout).transport(transport()).build();
            case OLLAMA -> {
                OllamaChatBackend.Builder ollama = OllamaChatBackend.builder().baseUrl(url).model(model.model)
                        .apiKey(System.getenv(apiKeyEnv)).timeout(timeout).transport(transport());
                headers.forEach(ollama::header);
                yield ollama.build();
            }
        };
    }

    /** {@code builder} pointed at {@code url} (a {@code --base-url}) with the model, the key's variable, the headers, the timeout and the HTTP client. */
    <B extends OpenAiCompatibleBuilder<B>> B openAi(B builder, GenerationOptions model, String url) {
        return builder.baseUrl(url).model(model.model).apiKeyFromEnv(apiKeyEnv).headers(headers())
                .timeout(Duration.ofSeconds(timeoutSeconds)).transport(transport());
    }

    /** {@code --http-client} as a transport. */
    private HttpTransport transport() {
        return switch (httpClient.strip().toLowerCase(Locale.ROOT)) {
            case "okhttp" -> HttpTransport.OKHTTP;
            case "jdk" -> HttpTransport.JDK;
            case "apache" -> HttpTransport.APACHE_ASYNC;
            default -> throw new IllegalArgumentException("--http-client must be okhttp, jdk or apache, was '" + httpClient + "'");
        };
    }

    private Map<String, String> headers() {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String kv : headers) {
            int eq = kv.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--header must be NAME=VALUE, was '" + kv + "'");
            }
            byName.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        return byName;
    }
}
