package io.augcon.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code chromium}, run headless to load a page with no network: installs it with
 * apt-get when it is absent (the test machine runs as root), and skips the calling test with
 * the reason when that cannot be done.
 */
final class HeadlessChromium {
    private static final Path BINARY = Path.of("/usr/bin/chromium");

    /** What a run printed: the page or nothing on stdout, and the browser's log on stderr. */
    record Result(String stdout, String stderr) {}

    private final Path profiles;

    HeadlessChromium(Path scratch) {
        this.profiles = scratch;
    }

    /** Ensures the browser is installed, or aborts the test naming why it is not. */
    static void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        Process install = new ProcessBuilder("apt-get", "install", "-y", "chromium")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        boolean done = install.waitFor(10, TimeUnit.MINUTES);
        Assumptions.assumeTrue(done && install.exitValue() == 0 && Files.isExecutable(BINARY),
                "skipped: /usr/bin/chromium is absent and `apt-get install -y chromium` did not install it");
    }

    /** Loads {@code page} and returns the DOM after its scripts ran. */
    Result dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, "--dump-dom");
    }

    /** Loads {@code page} and saves a PNG screenshot of the given window size. */
    Result screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        return run(page, "--screenshot=" + png, "--window-size=" + width + "," + height, "--hide-scrollbars");
    }

    private Result run(Path page, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(profiles, "chromium-profile-");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--enable-logging=stderr", "--v=0", "--user-data-dir=" + profile));
        command.addAll(List.of(action));
        command.add(page.toUri().toString());
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Path err = profile.resolveSibling(profile.getFileName() + ".err");
        Process browser = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!browser.waitFor(60, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 60 s: " + command);
        }
        return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
