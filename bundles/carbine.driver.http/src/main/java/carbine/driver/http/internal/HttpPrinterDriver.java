package carbine.driver.http.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.http.HttpDriver;

/**
 * Serves one printer by reading a JSON status URL. Thread-safe: the JDK client handles concurrent requests,
 * everything else is immutable. A poll that is interrupted (the poller abandons an overrunning poll) cancels
 * its request and ends with {@link InterruptedException}.
 */
final class HttpPrinterDriver implements PrinterDriver, AutoCloseable {
    private final DriverSettings settings;
    private final Clock clock;
    private final HttpClient client;

    HttpPrinterDriver(DriverSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                // plain HTTP/1.1: small embedded servers (the prototype's) need not understand an h2c upgrade
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public Set<String> printerIds() {
        return Set.of(settings.printerId());
    }

    @Override
    public TelemetrySample sample(String printerId) throws IOException, InterruptedException {
        if (!settings.printerId().equals(printerId)) {
            throw new IllegalArgumentException("unknown printer: " + printerId + " (this driver serves "
                    + settings.printerId() + ")");
        }
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        Instant responseTime = clock.instant();
        if (response.statusCode() != 200) {
            throw new BadStatusException("HTTP " + response.statusCode() + " from " + settings.url()
                    + errorDetail(response.body()));
        }
        try {
            return StatusJson.parse(response.body(), printerId, responseTime);
        } catch (BadStatusException e) {
            throw new BadStatusException(e.getMessage() + " (from " + settings.url() + ")", e);
        }
    }

    /** The service properties of the driver registration. */
    Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PrinterDriver.NAME_PROPERTY, settings.driverName());
        properties.put(HttpDriver.URL_PROPERTY, settings.url().toString());
        properties.put(HttpDriver.PRINTER_PROPERTY, settings.printerId());
        return properties;
    }

    DriverSettings settings() {
        return settings;
    }

    /** Stops the client's threads; a poll still running fails. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        long millis = settings.timeout().toMillis();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw withCause(new HttpConnectTimeoutException(
                    "could not connect to " + settings.url() + " within " + millis + " ms"), e);
        } catch (HttpTimeoutException e) {
            throw withCause(new HttpTimeoutException("no answer from " + settings.url() + " within " + millis + " ms"), e);
        } catch (ConnectException e) {
            throw withCause(new ConnectException("cannot connect to " + settings.url() + ": " + describe(e)), e);
        } catch (IOException e) {
            throw new IOException("reading " + settings.url() + " failed: " + describe(e), e);
        }
    }

    /** The {@code message} of Carbine's error form {@code {"status":404,"message":"..."}}, else the body's start. */
    private static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonElement json = JsonParser.parseString(body);
            if (json.isJsonObject() && json.getAsJsonObject().has("message")
                    && json.getAsJsonObject().get("message").isJsonPrimitive()) {
                return ": " + json.getAsJsonObject().get("message").getAsString();
            }
        } catch (RuntimeException notJson) {
            // fall through to the excerpt
        }
        return ": '" + StatusJson.excerpt(body) + "'";
    }

    private static <E extends IOException> E withCause(E exception, Throwable cause) {
        exception.initCause(cause);
        return exception;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
