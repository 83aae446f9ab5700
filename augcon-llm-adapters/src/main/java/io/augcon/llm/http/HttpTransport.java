package io.augcon.llm.http;

/**
 * The HTTP client a {@link JsonHttpClient} sends its JSON requests with (the backends' chat and
 * completions posts and their model-list GETs). Both give the same answers and the same typed
 * failures; they differ in what they cost the client per call.
 *
 * <pre>{@code
 * OpenAiChatBackend backend = OpenAiChatBackend.builder()
 *     .baseUrl("http://localhost:8000/v1")
 *     .transport(HttpTransport.JDK)   // the default is OKHTTP
 *     .build();
 * }</pre>
 */
public enum HttpTransport {
    /**
     * OkHttp 4 (the default): about a third of the JDK client's CPU per call in
     * {@code TransportCpuRun} (README, "Throughput"). Its threads are shared by every client of
     * the JVM, daemons, and reused; it never retries a request on its own (the retry decorators
     * decide that) and follows no redirect.
     */
    OKHTTP,
    /**
     * The JDK's {@code java.net.http.HttpClient}, sent with its blocking {@code send} on threads
     * of the client's own: no third-party code on the request path. Also what a client given a
     * JDK {@code HttpClient} (a proxy, custom TLS) uses, unless told otherwise.
     */
    JDK
}
