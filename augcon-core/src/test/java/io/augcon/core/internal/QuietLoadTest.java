package io.augcon.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuietLoadTest {
    private PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void captureStdout() {
        original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStdout() {
        System.setOut(original);
    }

    @Test
    void theLoadingThreadsPrintsAreDroppedAndOtherThreadsStillReachStdout() throws Exception {
        PrintStream before = System.out;
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch otherPrinted = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                loading.await();
                System.out.println("from another thread: 中文");
                System.out.printf("%d%n", 42);
                otherPrinted.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();

        QuietLoad.Loaded<String> loaded = QuietLoad.run(() -> {
            System.out.println("main dict load finished, time elapsed 6933 ms");
            loading.countDown();
            try {
                assertThat(otherPrinted.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            System.out.print('x');
            System.out.write('y');
            return "segmenter";
        });
        other.join();

        assertThat(loaded.value()).isEqualTo("segmenter");
        assertThat(loaded.took()).isPositive();
        assertThat(System.out).as("the stream in place before the load is back").isSameAs(before);
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .isEqualTo("from another thread: 中文" + System.lineSeparator() + "42" + System.lineSeparator());
    }

    @Test
    void aStreamSetDuringTheLoadIsLeftInPlace() {
        PrintStream theirs = new PrintStream(new ByteArrayOutputStream());
        QuietLoad.run(() -> {
            System.setOut(theirs);
            return null;
        });
        assertThat(System.out).isSameAs(theirs);
    }

    @Test
    void aFailingLoadStillPutsStdoutBack() {
        PrintStream before = System.out;
        try {
            QuietLoad.run(() -> {
                throw new IllegalStateException("dictionary missing");
            });
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("dictionary missing");
        }
        assertThat(System.out).isSameAs(before);
    }
}
