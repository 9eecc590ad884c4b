package com.corpastro.backend.content;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.corpastro.backend.business.Business;
import com.corpastro.backend.template.Template;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One call to an OpenAI-compatible chat completions service: {@code POST {url}/v1/chat/completions}
 * with the model, a system prompt and a user prompt carrying the period's facts as the built-in
 * generator computes them; the text is {@code choices[0].message.content}. An answer longer than
 * {@code corp-astro.content.generator.max-answer-size} is cut off as it arrives and fails the
 * call; the body of any status but 200 is discarded unread. Every failure is a
 * {@link GeneratorCallException} that says whether a retry may help. Retries, the circuit
 * breaker and the fallback are {@link ContentWriter}'s.
 */
final class ExternalContentGenerator implements ContentGenerator {

    /** The content column holds 16,000 characters. */
    static final int MAX_TEXT_LENGTH = 16_000;

    private static final String SYSTEM_PROMPT = "You write short, practical business astrology for company owners. "
            + "Use only the astrological facts you are given and do not invent positions or aspects. "
            + "Answer in plain English text without markdown or headings, 120 to 250 words.";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final long maxAnswerBytes;
    private final BuiltinContentGenerator facts;
    private final HttpClient http;

    ExternalContentGenerator(ContentGeneratorProperties properties, BuiltinContentGenerator facts) {
        this.endpoint = URI.create(properties.getUrl() + "/v1/chat/completions");
        this.model = properties.getModel();
        this.apiKey = properties.getApiKey();
        this.timeout = properties.getTimeout();
        this.maxAnswerBytes = properties.getMaxAnswerSize().toBytes();
        this.facts = facts;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A call that failed; {@code retryable} for 5xx answers, timeouts and connection failures. */
    static final class GeneratorCallException extends RuntimeException {

        private final boolean retryable;

        GeneratorCallException(String message, boolean retryable, Throwable cause) {
            super(message, cause, false, false);
            this.retryable = retryable;
        }

        boolean retryable() {
            return retryable;
        }
    }

    @Override
    public String generate(Business business, ContentType type, LocalDate periodStart, Template template) {
        return generate(facts.read(business, type, periodStart), template);
    }

    /** The text of {@code sky}, the period's sky as the built-in generator read it. */
    String generate(PeriodSky sky, Template template) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(sky, template)));
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        // The request timeout bounds the wait for the headers only; the future's bounds the whole answer.
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request.build(), info -> info.statusCode() == 200
                ? BoundedBody.of(maxAnswerBytes, info)
                : HttpResponse.BodySubscribers.replacing(null));
        HttpResponse<String> response;
        try {
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new GeneratorCallException("no answer within " + timeout, true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : e.getCause();
            if (cause instanceof BoundedBody.TooLargeException tooLarge) {
                throw new GeneratorCallException(tooLarge.getMessage(), false, tooLarge);
            }
            throw new GeneratorCallException(cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                    cause instanceof IOException, cause);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new GeneratorCallException("interrupted", false, e);
        }
        int status = response.statusCode();
        if (status >= 500) {
            throw new GeneratorCallException("status " + status, true, null);
        }
        if (status != 200) {
            throw new GeneratorCallException("status " + status, false, null);
        }
        return text(response.body());
    }

    String requestBody(PeriodSky sky, Template template) {
        Map<String, String> period = facts.facts(sky);
        String user = "Write the " + sky.type().key().replace('_', ' ') + " for the business \"" + period.get("business")
                + "\", " + period.get("period") + ".\n"
                + "Facts of the period:\n"
                + "- Sun: " + period.get("sun") + "\n"
                + "- Moon: " + period.get("moon") + "\n"
                + "- Transits to the business's founding chart: " + period.get("highlights") + "\n"
                + "- Retrograde planets: " + period.get("retrogrades") + "\n"
                + "- Lunar cycle: " + period.get("advice") + "\n"
                + "Follow the order of this outline, whose placeholders stand for the facts: " + template.body();
        return JSON.writeValueAsString(Map.of("model", model, "messages", List.of(
                Map.of("role", "system", "content", SYSTEM_PROMPT),
                Map.of("role", "user", "content", user))));
    }

    private static String text(String body) {
        JsonNode content;
        try {
            content = JSON.readTree(body).path("choices").path(0).path("message").path("content");
        } catch (JacksonException e) {
            throw new GeneratorCallException("answer is not JSON", false, e);
        }
        if (!content.isString() || content.asString().isBlank()) {
            throw new GeneratorCallException("answer has no choices[0].message.content", false, null);
        }
        String text = content.asString().strip();
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new GeneratorCallException("answer is " + text.length() + " characters, more than "
                    + MAX_TEXT_LENGTH, false, null);
        }
        return text;
    }
}
