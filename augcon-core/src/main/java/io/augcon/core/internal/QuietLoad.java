package io.augcon.core.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs a dependency's one-time load so that what it prints on {@code System.out} is dropped:
 * stdout belongs to the application embedding the library (and to the CLI's records with
 * {@code --output -}). jieba-analysis 1.0.2, for one, announces its dictionary and HMM model
 * with two {@code System.out.println} lines and offers no switch.
 *
 * <p>Only the loading thread is muted. While the load runs, {@code System.out} is a stream that
 * passes every other thread's output to the stream it replaced, method for method (so nothing is
 * re-encoded), and the replaced stream is put back afterwards unless someone else replaced
 * {@code System.out} in the meantime.
 *
 * <pre>{@code
 * QuietLoad.Loaded<JiebaSegmenter> jieba = QuietLoad.run(JiebaSegmenter::new);
 * Duration took = jieba.took();
 * }</pre>
 */
public final class QuietLoad {

    private QuietLoad() {
    }

    /**
     * What a quiet load made, and how long it took.
     *
     * @param value what the load returned
     * @param took  its wall time
     * @param <T>   the loaded type
     */
    public record Loaded<T>(T value, Duration took) {
    }

    /** Calls {@code load} on this thread with this thread's {@code System.out} output dropped. */
    public static <T> Loaded<T> run(Supplier<T> load) {
        Objects.requireNonNull(load, "load");
        PrintStream replaced = System.out;
        MutedThread muted = new MutedThread(replaced, Thread.currentThread());
        System.setOut(muted);
        long start = System.nanoTime();
        try {
            T value = load.get();
            return new Loaded<>(value, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            if (System.out == muted) {
                System.setOut(replaced);
            }
        }
    }

    /** {@code System.out} during a load: the muted thread's output goes nowhere, the rest to {@code others}. */
    private static final class MutedThread extends PrintStream {
        private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());
        private final PrintStream others;
        private final Thread muted;

        MutedThread(PrintStream others, Thread muted) {
            super(OutputStream.nullOutputStream());
            this.others = others;
            this.muted = muted;
        }

        private PrintStream target() {
            return Thread.currentThread() == muted ? NOWHERE : others;
        }

        @Override
        public void flush() {
            others.flush();
        }

        @Override
        public boolean checkError() {
            return others.checkError();
        }

        @Override
        public void write(int b) {
            target().write(b);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            target().write(buf, off, len);
        }

        @Override
        public void print(boolean b) {
            target().print(b);
        }

        @Override
        public void print(char c) {
            target().print(c);
        }

        @Override
        public void print(int i) {
            target().print(i);
        }

        @Override
        public void print(long l) {
            target().print(l);
        }

        @Override
        public void print(float f) {
            target().print(f);
        }

        @Override
        public void print(double d) {
            target().print(d);
        }

        @Override
        public void print(char[] s) {
            target().print(s);
        }

        @Override
        public void print(String s) {
            target().print(s);
        }

        @Override
        public void print(Object obj) {
            target().print(obj);
        }

        @Override
        public void println() {
            target().println();
        }

        @Override
        public void println(boolean x) {
            target().println(x);
        }

        @Override
        public void println(char x) {
            target().println(x);
        }

        @Override
        public void println(int x) {
            target().println(x);
        }

        @Override
        public void println(long x) {
            target().println(x);
        }

        @Override
        public void println(float x) {
            target().println(x);
        }

        @Override
        public void println(double x) {
            target().println(x);
        }

        @Override
        public void println(char[] x) {
            target().println(x);
        }

        @Override
        public void println(String x) {
            target().println(x);
        }

        @Override
        public void println(Object x) {
            target().println(x);
        }

        @Override
        public PrintStream format(String format, Object... args) {
            target().format(format, args);
            return this;
        }

        @Override
        public PrintStream format(Locale l, String format, Object... args) {
            target().format(l, format, args);
            return this;
        }

        @Override
        public PrintStream append(CharSequence csq) {
            target().append(csq);
            return this;
        }

        @Override
        public PrintStream append(CharSequence csq, int start, int end) {
            target().append(csq, start, end);
            return this;
        }

        @Override
        public PrintStream append(char c) {
            target().append(c);
            return this;
        }
    }
}
