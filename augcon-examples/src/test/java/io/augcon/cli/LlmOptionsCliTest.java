package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import io.augcon.testkit.ServerFault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --backend, --header, --http-client, --max-retries, --[no-]adaptive-concurrency, the per-minute rate limits and
 * --tokenizer against a loopback server.
 */
class LlmOptionsCliTest {
    @TempDir
    Path dir;

    private final LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().model("loopback-7b")
            .handler(ScriptedLlm.immediate()).build().start();

    @AfterEach
    void stop() {
        server.close();
    }

    /** A short document keeps each run to a few dozen requests. */
    private Path input() throws java.io.IOException {
        Path doc = dir.resolve("gears.txt");
        if (!Files.exists(doc)) {
            Files.writeString(doc, "A bicycle's gears let the rider keep a comfortable cadence on hills and flats. "
                    + "The chain moves between sprockets on the rear hub and chainrings at the pedals. "
                    + "A low gear turns the wheel slowly and makes climbing easier. "
                    + "A high gear turns it quickly and suits fast, flat roads.\n", StandardCharsets.UTF_8);
        }
        return doc;
    }

    private CliRun generate(String output, String baseUrl, String... extra) throws java.io.IOException {
        List<String> args = new ArrayList<>(List.of("generate", "--input", input().toString(),
                "--output", dir.resolve(output).toString(), "--base-url", baseUrl, "--model", "loopback-7b",
                "--concurrency", "4", "--work-dir", dir.resolve("work-" + output).toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void serverFaultsAreRetriedCountedInTheSummaryAndCostNoRecord() throws Exception {
        CliRun clean = generate("clean.jsonl", server.baseUrl());
        assertThat(clean.exitCode()).as(clean.err()).isZero();

        server.inject(ServerFault.rateLimited("1"), 1);
        server.inject(ServerFault.status(500), 1);
        server.inject(ServerFault.closeConnection(), 1);
        CliRun faulty = generate("faulty.jsonl", server.baseUrl());
        assertThat(faulty.exitCode()).as(faulty.err()).isZero();
        assertThat(faulty.err()).contains("LLM retries 3 (connection 1, http_status 1, rate_limited 1), gave up 0");
        assertThat(faulty.err()).contains("failed 3 (connection 1, http_status 1, rate_limited 1)");
        assertThat(Files.readString(dir.resolve("faulty.jsonl"), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(dir.resolve("clean.jsonl"), StandardCharsets.UTF_8));
    }

    @Test
    void withoutRetriesAFailedCallCostsItsBranchAndIsCounted() throws Exception {
        server.inject(ServerFault.status(500), 1);
        CliRun run = generate("o.jsonl", server.baseUrl(), "--max-retries", "0", "--no-adaptive-concurrency");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("LLM retries 0").contains("failed 1 (http_status 1)")
                .contains("concurrency limit unchanged");
    }

    @Test
    void headersGoWithEveryRequestAndTheOtherBackendsSpeakTheirOwnEndpoints() throws Exception {
        CliRun chat = generate("chat.jsonl", server.baseUrl(), "--header", "X-Tenant=research", "--header", "X-Route = gpu");
        assertThat(chat.exitCode()).as(chat.err()).isZero();
        assertThat(server.requestHeaders()).isNotEmpty().allSatisfy(h -> {
            assertThat(h.get("x-tenant")).containsExactly("research");
            assertThat(h.get("x-route")).containsExactly("gpu");
        });
        int before = server.requests().size();

        CliRun completions = generate("completions.jsonl", server.baseUrl(), "--backend", "openai-completions");
        assertThat(completions.exitCode()).as(completions.err()).isZero();
        assertThat(server.requestBodies().subList(before, server.requestBodies().size()))
                .allSatisfy(b -> assertThat(b).contains("\"prompt\"").doesNotContain("\"messages\""));
        int mid = server.requests().size();

        CliRun ollama = generate("ollama.jsonl", server.rootUrl(), "--backend", "ollama");
        assertThat(ollama.exitCode()).as(ollama.err()).isZero();
        assertThat(server.requestBodies().subList(mid, server.requestBodies().size()))
                .isNotEmpty().allSatisfy(b -> assertThat(b).contains("\"options\"").contains("\"num_predict\""));
        assertThat(CliRun.records(dir.resolve("ollama.jsonl"))).isNotEmpty();
    }

    @Test
    void aTokenizerCountsUsageWhenTheServerReportsNone(@TempDir Path files) throws Exception {
        Path tokenizer = files.resolve("tokenizer.json");
        try (var in = getClass().getClassLoader().getResourceAsStream("bge-small-zh-v1.5-tokenizer.json")) {
            Files.copy(in, tokenizer);
        }
        try (LoopbackOpenAiServer silent = LoopbackOpenAiServer.builder().build().start()) {
            CliRun run = generate("t.jsonl", silent.baseUrl(), "--tokenizer", tokenizer.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).doesNotContain("tokens in 0,");
        }
    }

    @Test
    void everyHttpClientWritesTheSameRecords() throws Exception {
        CliRun okhttp = generate("okhttp.jsonl", server.baseUrl(), "--http-client", "okhttp");
        CliRun jdk = generate("jdk.jsonl", server.baseUrl(), "--http-client", "JDK");
        CliRun apache = generate("apache.jsonl", server.baseUrl(), "--http-client", "apache");
        assertThat(okhttp.exitCode()).as(okhttp.err()).isZero();
        assertThat(jdk.exitCode()).as(jdk.err()).isZero();
        assertThat(apache.exitCode()).as(apache.err()).isZero();

        List<String> viaOkHttp = Files.readAllLines(dir.resolve("okhttp.jsonl")).stream().sorted().toList();
        assertThat(viaOkHttp).isNotEmpty();
        assertThat(Files.readAllLines(dir.resolve("jdk.jsonl")).stream().sorted().toList()).isEqualTo(viaOkHttp);
        assertThat(Files.readAllLines(dir.resolve("apache.jsonl")).stream().sorted().toList()).isEqualTo(viaOkHttp);
    }

    @Test
    void badLlmOptionsAreNamedWithExitCode2() throws Exception {
        CliRun client = generate("g.jsonl", server.baseUrl(), "--http-client", "curl");
        assertThat(client.exitCode()).isEqualTo(2);
        assertThat(client.err()).contains("--http-client must be okhttp, jdk or apache, was 'curl'");
        assertThat(generate("a.jsonl", server.baseUrl(), "--backend", "grpc").err()).contains("--backend must be");
        assertThat(generate("b.jsonl", server.baseUrl(), "--header", "novalue").exitCode()).isEqualTo(2);
        assertThat(generate("c.jsonl", server.baseUrl(), "--max-retries", "-1").err()).contains("--max-retries");
        CliRun tokenizer = generate("d.jsonl", server.baseUrl(), "--tokenizer", dir.resolve("missing.json").toString());
        assertThat(tokenizer.exitCode()).isEqualTo(2);
        assertThat(tokenizer.err()).contains("--tokenizer").contains("missing.json");
        CliRun rpm = generate("e.jsonl", server.baseUrl(), "--max-requests-per-minute", "-1");
        assertThat(rpm.exitCode()).isEqualTo(2);
        assertThat(rpm.err()).contains("--max-requests-per-minute must be >= 0");
        assertThat(generate("f.jsonl", server.baseUrl(), "--max-tokens-per-minute", "-1").err())
                .contains("--max-tokens-per-minute must be >= 0");
    }

    @Test
    void rateLimitsTheRunStaysUnderChangeNoRecord() throws Exception {
        CliRun clean = generate("clean.jsonl", server.baseUrl());
        assertThat(clean.exitCode()).as(clean.err()).isZero();
        // One second's share of these quotas (100 requests, 100,000 tokens) holds this small run whole.
        CliRun limited = generate("limited.jsonl", server.baseUrl(), "--max-requests-per-minute", "6000",
                "--max-tokens-per-minute", "6000000");
        assertThat(limited.exitCode()).as(limited.err()).isZero();
        assertThat(Files.readString(dir.resolve("limited.jsonl"), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(dir.resolve("clean.jsonl"), StandardCharsets.UTF_8));
    }

    @Test
    void aListOfBaseUrlsIsTheSparkLaunchersAndOneJvmRefusesItBeforeAnyRequest() throws java.io.IOException {
        CliRun run = generate("fleet.jsonl", server.baseUrl() + "," + server.baseUrl());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--base-url: 2 URLs given; a run in one JVM asks one endpoint");
        assertThat(server.requestCount()).isZero();
        assertThat(dir.resolve("fleet.jsonl")).doesNotExist();
    }
}
