package io.augcon.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.augcon.api.Language;
import io.augcon.testkit.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Loading jieba prints nothing on stdout. Checked in a fresh JVM, because the dictionary loads
 * once per JVM and another test may already have loaded it in this one.
 */
class ChineseStdoutTest {

    @Test
    void segmentingChineseInAFreshJvmWritesNothingToStdout() throws Exception {
        Process process = new ProcessBuilder(ChildJvm.command("512m", SegmentOnce.class)).start();
        process.getOutputStream().close();
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as(stderr).isZero();
        assertThat(new String(stdout, StandardCharsets.UTF_8)).isEmpty();
        assertThat(stderr).as("what the child says on stderr").contains("tokens 4, loaded in ");
    }

    /** The child: segments one sentence and reports on stderr, leaving stdout to the test. */
    public static final class SegmentOnce {
        public static void main(String[] args) throws Exception {
            Tokenizer.ready(Language.ZH).get(2, TimeUnit.MINUTES);
            List<String> tokens = Tokenizer.tokens("我们喜欢喝绿茶。", Language.ZH);
            System.err.println("tokens " + tokens.size() + ", loaded in " + Tokenizer.loadTime(Language.ZH).orElseThrow());
        }
    }
}
