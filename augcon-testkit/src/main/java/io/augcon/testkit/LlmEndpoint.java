package io.augcon.testkit;

import com.sun.net.httpserver.HttpExchange;
import io.augcon.api.AsyncFailure;
import io.augcon.api.LlmBackend;
import io.augcon.api.LlmException;
import io.augcon.api.LlmRequest;
import io.augcon.api.LlmResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One LLM request to a {@link LoopbackOpenAiServer}, from its arrival to its reply, the same on
 * every {@link Dialect}: it is read, authorized, parsed, then recorded in the {@link RequestLog}
 * and given its {@link FaultPlan} fault in one step (so the n-th recorded request is the n-th
 * draw of the mix); then it meets its fault, or the handler's answer is sent when the handler's
 * stage completes, after the latency or through the {@link ServiceSlots}. It is apart from the
 * routes and the server's lifecycle so that all a request can meet reads in one place.
 */
final class LlmEndpoint {
    private final LlmBackend handler;
    private final String model;
    private final ServiceSlots slots;
    private final BearerCheck bearer;
    private final RequestLog log;
    private final FaultPlan faults;
    private final ScheduledExecutorService delayer =
            Executors.newSingleThreadScheduledExecutor(LoopbackListener.daemonThreads());
    private final AtomicLong completionIds = new AtomicLong();

    private final Object lock = new Object();
    private final List<HttpExchange> hung = new ArrayList<>();
    private Duration latency = Duration.ZERO;
    private boolean closed;

    /** {@code slots} {@code null} sends each answer when ready, after the latency. */
    LlmEndpoint(LlmBackend handler, String model, ServiceSlots slots, BearerCheck bearer, RequestLog log, FaultPlan faults) {
        this.handler = handler;
        this.model = model;
        this.slots = slots;
        this.bearer = bearer;
        this.log = log;
        this.faults = faults;
    }

    /** The delay of every handler answer from now on; checked by the server. */
    void latency(Duration value) {
        synchronized (lock) {
            latency = value;
        }
    }

    /** Serves one request on {@code dialect}'s path; its reply may be sent later, on another thread. */
    void serve(HttpExchange exchange, Dialect dialect) throws IOException {
        log.arrived();
        long arrival = slots != null ? slots.now() : 0;
        boolean answeredLater = false;
        try {
            answeredLater = admit(exchange, dialect, arrival);
        } finally {
            if (!answeredLater) {
                log.answered();
            }
        }
    }

    /** Closes the hung exchanges and drops the answers still waiting out their latency. */
    void close() {
        List<HttpExchange> hanging;
        synchronized (lock) {
            closed = true;
            hanging = List.copyOf(hung);
            hung.clear();
        }
        hanging.forEach(HttpExchange::close);
        delayer.shutdownNow();
    }

    /** True when the reply is left to another thread: a hang, or the handler's stage. */
    private boolean admit(HttpExchange exchange, Dialect dialect, long arrival) throws IOException {
        String body = new String(Exchanges.readBody(exchange), StandardCharsets.UTF_8);
        if (!bearer.admits(exchange, dialect)) {
            return false;
        }
        LlmRequest request;
        try {
            request = dialect.parse(body);
        } catch (Dialect.BadRequest e) {
            Exchanges.sendError(exchange, dialect, 400, e.getMessage(), null);
            return false;
        }
        ServerFault fault;
        Duration delay;
        synchronized (lock) {
            log.record(request, body, exchange);
            fault = faults.next();
            delay = latency;
        }
        if (fault != null) {
            meet(exchange, dialect, fault);
            return fault.mode == ServerFault.Mode.HANG;
        }
        answer(exchange, dialect, request, arrival, delay);
        return true;
    }

    /** Asks the handler and replies when its stage completes: through the slots, else after {@code delay}. */
    private void answer(HttpExchange exchange, Dialect dialect, LlmRequest request, long arrival, Duration delay) {
        CompletionStage<LlmResponse> stage;
        try {
            stage = Objects.requireNonNull(handler.complete(request), "handler returned a null stage");
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((response, failure) -> {
            if (slots != null) {
                slots.serve(arrival, outputTokens(response), () -> reply(exchange, dialect, response, failure));
            } else {
                later(delay, () -> reply(exchange, dialect, response, failure));
            }
        });
    }

    /** The answer's output tokens as its usage says, else estimated from its text; 0 for a failure. */
    private static long outputTokens(LlmResponse response) {
        if (response == null) {
            return 0;
        }
        return response.usage() != null ? response.usage().outputTokens() : ScriptedAnswers.estimateTokens(response.text());
    }

    private void later(Duration delay, Runnable task) {
        if (delay.isZero()) {
            task.run();
            return;
        }
        try {
            delayer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            task.run();
        }
    }

    private void meet(HttpExchange exchange, Dialect dialect, ServerFault fault) throws IOException {
        switch (fault.mode) {
            case STATUS:
                fault.headers.forEach(exchange.getResponseHeaders()::set);
                Exchanges.sendError(exchange, dialect, fault.status, "injected failure (HTTP " + fault.status + ")", null);
                break;
            case RAW:
                fault.headers.forEach(exchange.getResponseHeaders()::set);
                Exchanges.send(exchange, fault.status, fault.contentType, fault.body);
                break;
            case CLOSE:
                // Closing before any reply byte closes the connection under the client.
                exchange.close();
                break;
            case HANG:
                hang(exchange);
                break;
            default:
                throw new IllegalStateException("unknown fault mode " + fault.mode);
        }
    }

    /** Leaves {@code exchange} without a reply until {@link #close()}, or closes it now when closing. */
    private void hang(HttpExchange exchange) {
        boolean closing;
        synchronized (lock) {
            closing = closed;
            if (!closing) {
                hung.add(exchange);
            }
        }
        if (closing) {
            exchange.close();
        }
    }

    private void reply(HttpExchange exchange, Dialect dialect, LlmResponse response, Throwable failure) {
        try {
            if (failure == null && response == null) {
                failure = new NullPointerException("handler completed with a null response");
            }
            if (failure != null) {
                Throwable cause = AsyncFailure.cause(failure);
                String message = "handler failed: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                Exchanges.sendError(exchange, dialect, statusFor(cause), message, null);
            } else {
                Exchanges.send(exchange, 200, dialect.reply(response, model, completionIds.incrementAndGet()));
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
        } finally {
            log.answered();
        }
    }

    /** A handler's {@link LlmException} keeps its HTTP status, a rate limit without one is a 429; else 500. */
    private static int statusFor(Throwable cause) {
        if (cause instanceof LlmException) {
            LlmException e = (LlmException) cause;
            if (e.status().isPresent() && e.status().getAsInt() >= 400 && e.status().getAsInt() <= 599) {
                return e.status().getAsInt();
            }
            if (e.kind() == LlmException.Kind.RATE_LIMITED) {
                return 429;
            }
        }
        return 500;
    }
}
