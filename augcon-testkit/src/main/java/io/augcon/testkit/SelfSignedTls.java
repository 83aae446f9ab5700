package io.augcon.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate for {@code 127.0.0.1} and {@code localhost}, made by the JDK's {@code keytool}
 * for one test, so that a {@link LoopbackOpenAiServer} can serve {@code https} (see
 * {@link LoopbackOpenAiServer.Builder#tls}) and a client can trust it. Nothing leaves the
 * machine; the files live in the directory given.
 *
 * <pre>{@code
 * SelfSignedTls tls = SelfSignedTls.create(tempDir);
 * LoopbackOpenAiServer server = LoopbackOpenAiServer.builder().tls(tls.serverContext()).build().start();
 * // a child JVM that trusts it through the JVM's default trust store:
 * List<String> java = ChildJvm.command("256m", Main.class);
 * java.addAll(1, tls.trustStoreProperties());
 * }</pre>
 */
public final class SelfSignedTls {
    private static final String PASSWORD = "loopback";
    private static final String ALIAS = "loopback";

    private final Path keyStore;
    private final Path trustStore;

    private SelfSignedTls(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    /**
     * Makes a key pair and its self-signed certificate (EC P-256, valid two days) in
     * {@code dir/loopback-key.p12}, and a trust store holding the certificate alone in
     * {@code dir/loopback-trust.p12}.
     *
     * @throws IllegalStateException when {@code keytool} fails, with its output, or the trust store cannot be made
     */
    public static SelfSignedTls create(Path dir) {
        Path keys = dir.resolve("loopback-key.p12");
        Path trust = dir.resolve("loopback-trust.p12");
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keys.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        // the certificate alone, copied in this JVM rather than by two more keytool runs
        try (OutputStream out = Files.newOutputStream(trust)) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, load(keys).getCertificate(ALIAS));
            trusted.store(out, PASSWORD.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + trust, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the trust store " + trust, e);
        }
        return new SelfSignedTls(keys, trust);
    }

    /** A server-side context that presents the certificate. */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use " + keyStore, e);
        }
    }

    /** A client-side context that trusts the certificate and nothing else. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use " + trustStore, e);
        }
    }

    /**
     * The {@code -Djavax.net.ssl.trustStore...} options that make a JVM's default trust store
     * this certificate alone: for a child JVM, since a JVM's default trust is read once.
     */
    public List<String> trustStoreProperties() {
        return new ArrayList<>(List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12"));
    }

    private static KeyStore load(Path file) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
    }
}
