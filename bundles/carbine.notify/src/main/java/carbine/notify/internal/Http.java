package carbine.notify.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One POST with the JDK's HTTP client; a status other than 2xx, or no answer, is a {@link DeliveryException} whose
 * text names the host (never the full URL: webhook URLs carry tokens) and the start of the answer, secrets removed.
 */
final class Http implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    record Response(int status, String body) {}

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    Response post(URI uri, String contentType, byte[] body, Map<String, String> headers, String... secrets)
            throws DeliveryException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", contentType).header("User-Agent", "Carbine")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryException("no answer from " + where(uri) + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + Secrets.redact(e.getMessage(), secrets)));
        }
        if (response.statusCode() / 100 != 2) {
            String answer = Texts.cut(response.body() == null ? "" : response.body().strip(), 200);
            String retry = response.headers().firstValue("Retry-After").map(v -> " (Retry-After " + v + ")").orElse("");
            throw new DeliveryException("HTTP " + response.statusCode() + " from " + where(uri) + retry
                    + (answer.isEmpty() ? "" : ": " + Secrets.redact(answer, secrets)));
        }
        return new Response(response.statusCode(), response.body());
    }

    /** scheme://host:port of a URL: enough to say where, without the path that may hold a token. */
    static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @Override
    public void close() {
        client.shutdownNow(); // never hold up a deactivation for a slow receiver: the outbox retries
    }
}
