package io.augcon.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a request to a {@link LoopbackOpenAiServer} goes, by path and method: a POST to a
 * {@link Dialect}'s path to the {@link LlmEndpoint}, a GET of {@code /v1/models} (OpenAI) or
 * {@code /api/tags} (Ollama) to the model list, the files and batches paths to the {@link BatchApi}, anything else to an OpenAI-style error (404 for an unknown path, 405 for a wrong method).
 * It is the one handler the JDK server calls, so that the server's map of paths reads in one
 * place; a failure while answering closes the exchange, which a client sees as a dropped
 * connection.
 */
final class Routes implements HttpHandler {
    /** The path of the model list under the server root. */
    private static final String MODELS_PATH = "/v1/models";
    /** The path of Ollama's model list under the server root. */
    private static final String TAGS_PATH = "/api/tags";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String model;
    private final BearerCheck bearer;
    private final LlmEndpoint llm;
    private final BatchApi batches;
    private final AtomicInteger modelListRequests = new AtomicInteger();

    Routes(String model, BearerCheck bearer, LlmEndpoint llm, BatchApi batches) {
        this.model = model;
        this.bearer = bearer;
        this.llm = llm;
        this.batches = batches;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Dialect dialect = Dialect.at(path);
            if (dialect != null) {
                if (!"POST".equals(method)) {
                    Exchanges.drain(exchange);
                    Exchanges.sendError(exchange, dialect, 405, "Method " + method + " not allowed for " + path, null);
                } else {
                    llm.serve(exchange, dialect);
                }
            } else if (BatchApi.serves(path)) {
                batches.serve(exchange, method, path);
            } else if (MODELS_PATH.equals(path) || TAGS_PATH.equals(path)) {
                modelListRequests.incrementAndGet();
                models(exchange, method, path);
            } else {
                Exchanges.drain(exchange);
                Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 404, "Invalid URL (" + method + " " + path + ")", "unknown_url");
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private void models(HttpExchange exchange, String method, String path) throws IOException {
        Exchanges.drain(exchange);
        if (!"GET".equals(method)) {
            Exchanges.sendError(exchange, Dialect.OPENAI_CHAT, 405, "Method " + method + " not allowed for " + path, null);
        } else if (bearer.admits(exchange, Dialect.OPENAI_CHAT)) {
            Exchanges.send(exchange, 200, TAGS_PATH.equals(path) ? tagsJson() : modelsJson());
        }
    }

    /** How many requests for a model list arrived, whatever their outcome. */
    int modelListRequests() {
        return modelListRequests.get();
    }

    private String tagsJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode entry = root.putArray("models").addObject();
        entry.put("name", model);
        entry.put("model", model);
        return root.toString();
    }

    private String modelsJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ObjectNode entry = root.putArray("data").addObject();
        entry.put("id", model);
        entry.put("object", "model");
        entry.put("created", 0);
        entry.put("owned_by", "augcon-testkit");
        return root.toString();
    }
}
