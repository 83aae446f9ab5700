package io.augcon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    private final RootContext root = new RootContext("d#0", "d", 0, 0, 0, 11, "Hello there", Language.EN);

    @Test
    void nodePathsSpellTheWayDownAndGiveTheDepth() {
        ContextNode child = root.node(0).child(1, "Hello").child(2, "lo");
        assertThat(child.path()).isEqualTo("12");
        assertThat(child.depth()).isEqualTo(2);
        assertThat(child.id()).isEqualTo("d#0/0/12");
        assertThat(root.node(3).id()).isEqualTo("d#0/3/r");
    }

    @Test
    void nodePathRejectsOtherDigits() {
        assertThatThrownBy(() -> new ContextNode(root, 0, "13", "x")).hasMessageContaining("path");
    }

    @Test
    void requestNeedsExactlyOneOfMessagesOrPrompt() {
        assertThatThrownBy(() -> LlmRequest.builder().build()).hasMessageContaining("either messages or a prompt");
        assertThatThrownBy(() -> LlmRequest.builder().prompt("p").message(ChatMessage.user("u")).build())
                .hasMessageContaining("either messages or a prompt");
    }

    @Test
    void promptRequestIsSentToChatEndpointsAsOneUserMessage() {
        LlmRequest request = LlmRequest.builder().prompt("p").build();
        assertThat(request.asMessages()).containsExactly(ChatMessage.user("p"));
    }

    @Test
    void toBuilderCopiesEveryField() {
        LlmRequest request = LlmRequest.builder().prompt("p").temperature(0.3).maxTokens(9)
                .stop(List.of("x")).seed(5L).stage("cst").priority(4).build();
        assertThat(request.toBuilder().build()).isEqualTo(request);
    }

    @Test
    void temperatureOutOfRangeIsRejected() {
        assertThatThrownBy(() -> LlmRequest.builder().prompt("p").temperature(2.5).build())
                .hasMessageContaining("temperature");
    }

    @Test
    void finishReasonsOfCommonServersAreMapped() {
        assertThat(FinishReason.parse("stop")).isEqualTo(FinishReason.STOP);
        assertThat(FinishReason.parse("length")).isEqualTo(FinishReason.LENGTH);
        assertThat(FinishReason.parse("eos")).isEqualTo(FinishReason.STOP);
        assertThat(FinishReason.parse(null)).isEqualTo(FinishReason.UNKNOWN);
        assertThat(FinishReason.parse("tool_calls")).isEqualTo(FinishReason.OTHER);
    }

    @Test
    void failureKindIsFoundThroughWrappers() {
        LlmException timeout = new LlmException(LlmException.Kind.TIMEOUT, "slow");
        assertThat(LlmException.kindOf(new java.util.concurrent.CompletionException(timeout)))
                .isEqualTo(LlmException.Kind.TIMEOUT);
        assertThat(LlmException.kindOf(new IllegalStateException("x"))).isEqualTo(LlmException.Kind.OTHER);
        assertThat(LlmException.forStatus(429, "busy").kind()).isEqualTo(LlmException.Kind.RATE_LIMITED);
        assertThat(LlmException.forStatus(503, "down").status()).hasValue(503);
        assertThat(LlmException.forStatus(503, "down").retryAfter()).isEmpty();
        assertThat(LlmException.forStatus(429, "busy", java.time.Duration.ofSeconds(7)).retryAfter())
                .hasValue(java.time.Duration.ofSeconds(7));
    }

    @Test
    void jointExpanderIsUsedAsIsSoANodeCostsOneCall() {
        class Joint implements NodeExpander, QueryGenerator, ContextSplitter {
            @Override
            public java.util.concurrent.CompletionStage<Expansion> expand(ContextNode node, long seed) {
                return java.util.concurrent.CompletableFuture.completedFuture(Expansion.of("q", null));
            }

            @Override
            public java.util.concurrent.CompletionStage<java.util.Optional<String>> generate(ContextNode node, long seed) {
                throw new AssertionError("not used");
            }

            @Override
            public java.util.concurrent.CompletionStage<java.util.Optional<Split>> split(ContextNode node, long seed) {
                throw new AssertionError("not used");
            }
        }
        Joint joint = new Joint();
        assertThat(NodeExpander.of(joint, joint)).isSameAs(joint);
    }
}
