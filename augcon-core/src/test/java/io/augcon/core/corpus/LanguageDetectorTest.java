package io.augcon.core.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Language;
import org.junit.jupiter.api.Test;

class LanguageDetectorTest {

    @Test
    void chineseProseIsChinese() {
        assertThat(LanguageDetector.detect("今天天气很好，我们去公园散步吧。")).isEqualTo(Language.ZH);
    }

    @Test
    void englishProseIsEnglish() {
        assertThat(LanguageDetector.detect("The weather is fine today; let us walk.")).isEqualTo(Language.EN);
    }

    @Test
    void chineseQuotingEnglishTermsIsStillChinese() {
        assertThat(LanguageDetector.detect("我们使用 Java 和 Maven 构建 augcon 项目，部署在 Kubernetes 上。"))
                .isEqualTo(Language.ZH);
    }

    @Test
    void englishWithAFewChineseWordsIsStillEnglish() {
        assertThat(LanguageDetector.detect("The word 你好 means hello in Mandarin Chinese, used every day."))
                .isEqualTo(Language.EN);
    }

    @Test
    void chinesePunctuationAloneDoesNotMakeTextChinese() {
        assertThat(LanguageDetector.detect("OK。，！Fine？")).isEqualTo(Language.EN);
    }

    @Test
    void emptyTextIsEnglish() {
        assertThat(LanguageDetector.detect("")).isEqualTo(Language.EN);
    }

    @Test
    void textWithoutLettersIsEnglish() {
        assertThat(LanguageDetector.detect("1234 !!! 56.7")).isEqualTo(Language.EN);
    }

    @Test
    void supplementaryPlaneIdeographsCountAsHan() {
        assertThat(LanguageDetector.detect("\uD840\uDC00\uD840\uDC01 ab")).isEqualTo(Language.ZH);
    }
}
