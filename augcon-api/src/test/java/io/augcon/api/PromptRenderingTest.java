package io.augcon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptRenderingTest {
    private static final LlmRequest CHAT = LlmRequest.builder()
            .message(ChatMessage.system("Be brief."))
            .message(ChatMessage.user("Context: tea\nQuestion: why?"))
            .message(ChatMessage.assistant("Because."))
            .message(ChatMessage.user("And coffee?"))
            .build();

    @Test
    void contentsOnlyJoinsTheContentsWithBlankLines() {
        assertThat(PromptRendering.CONTENTS_ONLY.render(CHAT))
                .isEqualTo("Be brief.\n\nContext: tea\nQuestion: why?\n\nBecause.\n\nAnd coffee?");
    }

    @Test
    void roleLabelsMarkEachRoleAndCueTheAssistant() {
        assertThat(PromptRendering.ROLE_LABELS.render(CHAT)).isEqualTo("System: Be brief.\n\n"
                + "User: Context: tea\nQuestion: why?\n\n"
                + "Assistant: Because.\n\n"
                + "User: And coffee?\n\n"
                + "Assistant:");
    }

    @Test
    void aLastAssistantMessageIsContinuedWithoutACue() {
        LlmRequest prefilled = LlmRequest.builder().message(ChatMessage.user("Name a colour."))
                .message(ChatMessage.assistant("The colour is")).build();
        assertThat(PromptRendering.ROLE_LABELS.render(prefilled)).isEqualTo("User: Name a colour.\n\nAssistant: The colour is");
    }

    @Test
    void aPlainPromptIsSentAsItIsWhateverTheMarkers() {
        LlmRequest plain = LlmRequest.builder().prompt("Context: tea\nQuestion:").build();
        assertThat(PromptRendering.ROLE_LABELS.render(plain)).isEqualTo("Context: tea\nQuestion:");
        assertThat(PromptRendering.CONTENTS_ONLY.render(plain)).isEqualTo("Context: tea\nQuestion:");
    }

    @Test
    void anEmptyFirstContentStillGetsItsSeparator() {
        assertThat(PromptRendering.CONTENTS_ONLY.render(List.of(ChatMessage.system(""), ChatMessage.user("Hi"))))
                .isEqualTo("\n\nHi");
    }

    @Test
    void aTemplateOfItsOwnRendersWithItsMarkers() {
        PromptRendering chatMl = new PromptRendering("<|im_start|>system\n", "<|im_start|>user\n",
                "<|im_start|>assistant\n", "<|im_end|>\n", "<|im_start|>assistant\n");
        assertThat(chatMl.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Why?"))))
                .isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhy?<|im_end|>\n<|im_start|>assistant\n");
    }

    @Test
    void aMissingPartIsNamed() {
        assertThatThrownBy(() -> new PromptRendering("", null, "", "\n", "")).hasMessage("user");
    }
}
