package io.augcon.core.deps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.apache.commons.lang3.StringUtils;
import org.junit.jupiter.api.Test;

/**
 * Transitive versions the parent pom pins because the ones our dependencies ask for have known
 * vulnerabilities: the build's class path carries the pinned one, not the one asked for.
 */
class PinnedDependencyTest {

    @Test
    void commonsLang3IsPastCve2025_48924() {
        // jieba-analysis 1.0.2 asks for 3.3.1; 3.18.0 fixed the uncontrolled recursion in ClassUtils.getClass.
        String version = StringUtils.class.getPackage().getImplementationVersion();
        assertThat(version).as("commons-lang3 on the class path").isNotNull();
        int[] parts = Arrays.stream(version.split("[.-]")).limit(2).mapToInt(Integer::parseInt).toArray();
        assertThat(parts[0] > 3 || (parts[0] == 3 && parts[1] >= 18)).as("commons-lang3 " + version + " >= 3.18.0").isTrue();
    }
}
