package carbine.driver.prusalink.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.prusalink.PrusaLinkDriver;

/**
 * Serves one printer by reading its PrusaLink: {@code GET api/v1/status} with HTTP Digest authentication (see
 * {@link Digest}). The first poll is answered 401 with a challenge; the driver answers it and keeps the nonce for the
 * following polls, so a steady poll is one request. When the printer has let the nonce expire (or rebooted) it
 * answers 401 with {@code stale=true} and a new nonce, and the driver repeats the request once with it, silently
 * (Prusa-Firmware-Buddy tests/unit/lib/WUI/nhttp/server_tests.cpp). A 401 on fresh credentials with
 * {@code stale=false} is a wrong user name or password.
 *
 * <p>Thread-safe: the JDK client handles concurrent requests, the challenge is a volatile immutable value. A poll
 * that is interrupted cancels its request and ends with {@link InterruptedException}. The password is never sent
 * (only its digest) and never put into a message.
 */
final class PrusaLinkPrinterDriver implements PrinterDriver, AutoCloseable {
    static final String STATUS_PATH = "api/v1/status";

    private final PrusaLinkSettings settings;
    private final Clock clock;
    private final int bodyLimit;
    private final HttpClient client;
    private volatile Digest.Challenge challenge;

    PrusaLinkPrinterDriver(PrusaLinkSettings settings, Clock clock) {
        this(settings, clock, CappedBody.DEFAULT_LIMIT);
    }

    PrusaLinkPrinterDriver(PrusaLinkSettings settings, Clock clock, int bodyLimit) {
        this.settings = settings;
        this.clock = clock;
        this.bodyLimit = bodyLimit;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
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
        URI url = settings.endpoint(STATUS_PATH);
        Digest.Challenge known = challenge;
        HttpResponse<String> response = await(send(url, known), url);
        if (response.statusCode() == 401) {
            Digest.Challenge fresh = challenge(response, url);
            // credentials computed from a nonce of this very exchange and refused without stale: wrong credentials
            if (known == null || fresh.stale() || !fresh.nonce().equals(known.nonce())) {
                challenge = fresh;
                response = await(send(url, fresh), url);
                if (response.statusCode() == 401) {
                    Digest.Challenge again = challenge(response, url);
                    challenge = again;
                    if (again.stale()) {
                        throw new PrusaLinkException("PrusaLink at " + settings.url()
                                + " declared a fresh nonce stale at once (HTTP 401 from " + url + "); is its clock "
                                + "or a proxy in the way?");
                    }
                }
            }
        }
        if (response.statusCode() != 200) {
            throw failure(response, url);
        }
        try {
            return PrusaLinkJson.sample(printerId, clock.instant(), response.body());
        } catch (PrusaLinkException e) {
            throw new PrusaLinkException(e.getMessage() + " (from " + url + ")", e);
        }
    }

    /** The service properties of the driver registration; never the password. */
    Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PrinterDriver.NAME_PROPERTY, settings.driverName());
        properties.put(PrusaLinkDriver.URL_PROPERTY, settings.url().toString());
        properties.put(PrusaLinkDriver.PRINTER_PROPERTY, settings.printerId());
        return properties;
    }

    PrusaLinkSettings settings() {
        return settings;
    }

    /** Stops the client's threads; a poll still running fails. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    private CompletableFuture<HttpResponse<String>> send(URI url, Digest.Challenge with) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .GET();
        if (with != null) {
            String uri = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            request.header("Authorization", Digest.authorization(with, "GET", uri, settings.username(),
                    settings.password()));
        }
        return client.sendAsync(request.build(), CappedBody.handler(bodyLimit));
    }

    private Digest.Challenge challenge(HttpResponse<String> response, URI url) throws PrusaLinkException {
        try {
            return Digest.challenge(response.headers().allValues("WWW-Authenticate"));
        } catch (IllegalArgumentException e) {
            throw new PrusaLinkException("HTTP 401 from " + url + ": " + e.getMessage());
        }
    }

    private PrusaLinkException failure(HttpResponse<String> response, URI url) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : PrusaLinkJson.excerpt(response.body());
        String suffix = body.isEmpty() ? "" : ": " + body;
        if (status == 401 || status == 403) {
            return new PrusaLinkException("PrusaLink refused the user name or password (HTTP " + status + " from "
                    + url + "); check username (" + settings.username() + ") and password: the password is shown on "
                    + "the printer under Settings > Network > PrusaLink");
        }
        if (status == 404) {
            return new PrusaLinkException("HTTP 404 from " + url + ": is this the printer's PrusaLink address, and "
                    + "does its firmware have PrusaLink's API v1? (url = " + settings.url() + ")");
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse("?");
            return new PrusaLinkException("HTTP " + status + " from " + url + " redirects to " + location
                    + "; set url to PrusaLink's base URL there (redirects are not followed)");
        }
        return new PrusaLinkException("HTTP " + status + " from " + url + suffix);
    }

    private HttpResponse<String> await(CompletableFuture<HttpResponse<String>> answer, URI url)
            throws IOException, InterruptedException {
        long millis = settings.timeout().toMillis();
        try {
            // the client's own timeouts come first; this backstop also bounds a body that trickles in forever
            return answer.get(2 * millis + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw withCause(new HttpTimeoutException("no answer from " + url + " within " + millis + " ms"), e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new IOException("reading " + url + " was cancelled", e);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), url);
        }
    }

    private IOException translate(Throwable failure, URI url) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        long millis = settings.timeout().toMillis();
        if (cause instanceof HttpConnectTimeoutException) {
            return withCause(new HttpConnectTimeoutException("could not connect to " + url + " within " + millis
                    + " ms"), cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return withCause(new HttpTimeoutException("no answer from " + url + " within " + millis + " ms"), cause);
        }
        if (cause instanceof ConnectException) {
            return withCause(new ConnectException("cannot connect to " + url + ": " + describe(cause)), cause);
        }
        if (cause instanceof CappedBody.TooLargeException) {
            return new PrusaLinkException("the answer of " + url + " is larger than " + bodyLimit
                    + " bytes; is this the printer's PrusaLink address?", cause);
        }
        return new IOException("reading " + url + " failed: " + describe(cause), cause);
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
