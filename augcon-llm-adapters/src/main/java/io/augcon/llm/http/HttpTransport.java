package io.augcon.llm.http;

/**
 * The HTTP client a {@link JsonHttpClient} sends its JSON requests with (the backends' chat and
 * completions posts and their model-list GETs). All give the same answers and the same typed
 * failures; they differ in what they cost the client per call and in the threads they hold.
 *
 * <pre>{@code
 * OpenAiChatBackend backend = OpenAiChatBackend.builder()
 *     .baseUrl("http://localhost:8000/v1")
 *     .transport(HttpTransport.JDK)   // the default is APACHE_ASYNC
 *     .build();
 * }</pre>
 */
public enum HttpTransport {
    /**
     * OkHttp 4 (the default before {@link #APACHE_ASYNC}): about a third of the JDK client's CPU
     * per call in {@code TransportCpuRun} (README, "Throughput"), but a thread per request in
     * flight. Its threads are shared by every client of the JVM, daemons, and reused; it never
     * retries a request on its own (the retry decorators decide that) and follows no redirect.
     * HTTP/1.1 for {@code http} URLs, HTTP/2 where {@code https} offers it.
     */
    OKHTTP,
    /**
     * The JDK's {@code java.net.http.HttpClient}, sent with its blocking {@code send} on threads
     * of the client's own: no third-party code on the request path. Also what a client given a
     * JDK {@code HttpClient} (a proxy, custom TLS) uses, unless told otherwise.
     */
    JDK,
    /**
     * Apache HttpClient 5's non-blocking client, the default: a few I/O reactor threads
     * ({@code augcon-nio-N}, one per core, at most 4) serve every request in flight in the JVM,
     * where the other two hold a thread per request in flight (about 300 threads at 256 in
     * flight). Answers are handed on from the reactor on a few threads of its own
     * ({@code augcon-nio-answer-N}), so a caller that blocks stalls no connection; the
     * whole-exchange timeouts run on one timer thread. Like OkHttp it never retries a request on its own
     * and follows no redirect. HTTP/1.1 only, also
     * over TLS: a cancelled or timed-out call closes its connection at once, as with the other
     * two, and on HTTP/2 that would end every call on the connection. Its CPU per call is about
     * OkHttp's or less (README "Throughput").
     */
    APACHE_ASYNC
}
