package io.augcon.core.llm.bench;

import io.augcon.api.FinishReason;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import io.augcon.api.TokenUsage;
import io.augcon.core.internal.llm.ConcurrencyLimitedBackend;
import io.augcon.core.llm.LlmPolicy;
import io.augcon.core.event.LlmCallListener;
import io.augcon.core.internal.llm.LlmChain;
import io.augcon.core.llm.Resilience;
import io.augcon.api.Scheduler;
import io.augcon.core.event.ResilienceListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the resilience decorators cost per request when nothing fails: one call through a
 * backend that answers at once, bare and through each layer. Not run by {@code mvn verify}; run
 * with {@code mvn -B -Pbench -pl augcon-core -am test -DskipTests} (see the README).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResilienceOverheadBench {
    private static final LlmResponse ANSWER = new LlmResponse("Question: why?", FinishReason.STOP, new TokenUsage(50, 5), "bench");

    private final LlmRequest request = LlmRequest.builder().prompt("Question:").seed(7L).priority(3).build();
    private LlmBackend bare;
    private LlmBackend limiterOnly;
    private LlmBackend defaults;
    private LlmBackend defaultsWithTimeout;

    @Setup
    public void setUp() {
        bare = new LlmBackend() {
            @Override
            public CompletableFuture<LlmResponse> complete(LlmRequest r) {
                return CompletableFuture.completedFuture(ANSWER);
            }
        };
        limiterOnly = new ConcurrencyLimitedBackend(bare, 16);
        defaults = chain(LlmPolicy.DEFAULTS.withConcurrency(16));
        defaultsWithTimeout = chain(LlmPolicy.DEFAULTS.withConcurrency(16)
                .withResilience(Resilience.builder().requestTimeout(Duration.ofSeconds(120)).build()));
    }

    /** The run's chain around the bare backend, metering included. */
    private LlmBackend chain(LlmPolicy policy) {
        return LlmChain.around(bare, policy, List.of(), Scheduler.system(), LlmCallListener.NONE, ResilienceListener.NONE)
                .backend();
    }

    @Benchmark
    public LlmResponse bareBackend() {
        return bare.complete(request).toCompletableFuture().join();
    }

    @Benchmark
    public LlmResponse concurrencyLimiterOnly() {
        return limiterOnly.complete(request).toCompletableFuture().join();
    }

    @Benchmark
    public LlmResponse resilienceDefaults() {
        return defaults.complete(request).toCompletableFuture().join();
    }

    @Benchmark
    public LlmResponse resilienceDefaultsWithTimeout() {
        return defaultsWithTimeout.complete(request).toCompletableFuture().join();
    }
}
