package io.augcon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.testkit.LoopbackOpenAiServer;
import io.augcon.testkit.ScriptedLlm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * First contact with a server that cannot answer: the CLI ends in seconds with exit 1 and the
 * server's words on stderr, instead of minutes of {@code PAUSED} lines or an exit 0 with no
 * records (issue 14).
 */
class FailFastCliTest {
    /** The bound on a run against a wrong port. */
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    /** A loopback port with nothing listening: bound, then let go. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CliRun generate(Path input, String baseUrl, String... extra) {
        return generateInto("run", input, baseUrl, extra);
    }

    /** A run whose output and work dir are named after {@code name}, so one test may run twice. */
    private CliRun generateInto(String name, Path input, String baseUrl, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--input", input.toString(),
                "--output", dir.resolve(name + ".jsonl").toString(), "--base-url", baseUrl,
                "--api-key-env", LoopbackServerCliTest.KEY_ENV, "--work-dir", dir.resolve(name + "-work").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** Three short Chinese documents, as the second wrong-port run: one paragraph each, past the 100-character floor. */
    private Path chineseCorpus() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("zh"));
        Files.writeString(corpus.resolve("tea.txt"), "茶起源于中国，已有几千年的历史。绿茶不经发酵，保留了茶叶的清香。"
                + "红茶经过完全发酵，味道浓郁。乌龙茶介于两者之间，属于半发酵茶。"
                + "泡茶的水温也很讲究，绿茶适合八十度左右的水，红茶和乌龙茶则需要接近沸腾的水，才能充分释放香气和滋味。", StandardCharsets.UTF_8);
        Files.writeString(corpus.resolve("bridge.txt"), "赵州桥建于隋朝，是世界上现存最早的石拱桥之一。桥的两端各有两个小拱，"
                + "既减轻了桥身的重量，又能在洪水时泄水。它经历了多次地震，至今仍然屹立。"
                + "桥面两侧的栏板上刻有精美的龙纹，体现了当时工匠高超的技艺，如今它已成为全国重点文物保护单位，吸引了大量游客前来参观。", StandardCharsets.UTF_8);
        Files.writeString(corpus.resolve("panda.txt"), "大熊猫主要生活在四川、陕西和甘肃的山区。它们每天要吃十几公斤竹子。"
                + "大熊猫的繁殖率很低，幼崽出生时只有一百克左右。保护区的建立让野生大熊猫的数量逐渐回升。"
                + "科研人员通过红外相机记录它们的活动，并在繁育基地人工饲养幼崽，待其长大后再放归山林，帮助种群恢复。", StandardCharsets.UTF_8);
        return corpus;
    }

    @Test
    void aWrongPortOnTheEnglishSamplesExitsOneWithinSecondsNamingTheUrl() {
        String url = "http://127.0.0.1:" + closedPort() + "/v1";
        long start = System.nanoTime();
        CliRun run = generate(CliRun.SAMPLES.resolve("en"), url);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AugConCli.FAILED);
        assertThat(took).isLessThan(WITHIN);
        assertThat(run.err()).contains("augcon: run failed: cannot connect to " + url + "/models");
        assertThat(dir.resolve("run.jsonl")).as("a failed preflight leaves no empty output").doesNotExist();
    }

    @Test
    void aWrongPortOnAChineseCorpusExitsOneWithTheMessageNotZeroWithNoRecords() throws IOException {
        String url = "http://127.0.0.1:" + closedPort() + "/v1";
        CliRun run = generate(chineseCorpus(), url);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AugConCli.FAILED);
        assertThat(run.err()).contains("cannot connect to " + url + "/models");
        assertThat(run.out()).doesNotContain("wrote 0 records");
    }

    @Test
    void withoutThePreflightAWrongPortEndsTheRunOnceEveryCallHasFailed() throws IOException {
        String url = "http://127.0.0.1:" + closedPort() + "/v1";
        CliRun run = generate(chineseCorpus(), url, "--no-preflight", "--max-retries", "1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(AugConCli.FAILED);
        assertThat(run.err()).contains("augcon: run failed: no LLM call of the run succeeded: ",
                "cannot connect to " + url + "/chat/completions");
        assertThat(run.out()).doesNotContain("wrote 0 records");
    }

    @Test
    void aRefusedKeyExitsOneWithTheStatusAndTheServersTextButNotTheKey() {
        String key = System.getenv(LoopbackServerCliTest.KEY_ENV);
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().apiKey("sk-another-key").model("loopback-7b")
                .handler(ScriptedLlm.immediate()).build().start()) {
            CliRun run = generate(CliRun.SAMPLES.resolve("en"), server.baseUrl(), "--model", "loopback-7b");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(AugConCli.FAILED);
            assertThat(run.err()).contains("HTTP 401 from " + server.baseUrl() + "/models: Incorrect API key provided")
                    .doesNotContain(key);
            assertThat(server.requestCount()).isZero();
            assertThat(dir.resolve("run.jsonl")).doesNotExist();
        }
    }

    @Test
    void aModelTheServerDoesNotServeExitsOneNamingTheModelsItDoes() {
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().apiKey(System.getenv(LoopbackServerCliTest.KEY_ENV))
                .model("loopback-7b").handler(ScriptedLlm.immediate()).build().start()) {
            server.replyNext(404, "{\"error\":{\"message\":\"The model `qwen-72b` does not exist.\",\"type\":\"invalid_request_error\","
                    + "\"code\":\"model_not_found\"}}", 1);
            CliRun run = generate(CliRun.SAMPLES.resolve("en"), server.baseUrl(), "--model", "qwen-72b");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(AugConCli.FAILED);
            assertThat(run.err()).contains("HTTP 404 from " + server.baseUrl() + "/chat/completions: The model `qwen-72b` does not exist.",
                    "model 'qwen-72b' is not among the 1 models listed at " + server.baseUrl() + "/models: loopback-7b");
        }
    }

    @Test
    void noPreflightSendsNoModelListRequest() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("one"));
        Files.writeString(corpus.resolve("tides.txt"), "Tides rise and fall twice a day on most coasts of the world. The Moon"
                + " pulls the ocean toward it as the Earth turns beneath it.", StandardCharsets.UTF_8);
        try (LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().apiKey(System.getenv(LoopbackServerCliTest.KEY_ENV))
                .model("loopback-7b").handler(ScriptedLlm.immediate()).build().start()) {
            CliRun checked = generateInto("checked", corpus, server.baseUrl(), "--model", "loopback-7b");
            assertThat(checked.exitCode()).as(checked.err()).isZero();
            assertThat(server.modelListRequests()).isEqualTo(1);

            CliRun unchecked = generateInto("unchecked", corpus, server.baseUrl(), "--model", "loopback-7b", "--no-preflight");
            assertThat(unchecked.exitCode()).as(unchecked.err()).isZero();
            assertThat(server.modelListRequests()).isEqualTo(1);
        }
    }
}
