package carbine.driver.octoprint.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import carbine.api.driver.PrinterDriver;
import carbine.api.telemetry.TelemetrySample;
import carbine.driver.octoprint.OctoPrintDriver;
import carbine.driver.octoprint.internal.OctoPrintJson.JobReading;
import carbine.driver.octoprint.internal.OctoPrintJson.PrinterReading;

/**
 * Serves one printer by reading its OctoPrint server: {@code GET api/printer} (state flags, temperatures) and
 * {@code GET api/job} (progress; the connection's error text) at the same time, with the API key in
 * {@code X-Api-Key} (OctoPrint's docs/api/general.rst, "Authorization"). No {@code X-OctoPrint-Api-Version} header
 * is sent, so 1.x and 2.x servers both answer in the pre-2.0 shape; the 2.0 shape is read as well.
 *
 * <p>Thread-safe: the JDK client handles concurrent requests, everything else is immutable. A poll that is
 * interrupted (the poller abandons an overrunning poll) cancels its requests and ends with
 * {@link InterruptedException}. The API key is sent and never put into a message.
 */
final class OctoPrintPrinterDriver implements PrinterDriver, AutoCloseable {
    static final String PRINTER_PATH = "api/printer";
    static final String JOB_PATH = "api/job";

    private final OctoPrintSettings settings;
    private final Clock clock;
    private final int bodyLimit;
    private final HttpClient client;

    OctoPrintPrinterDriver(OctoPrintSettings settings, Clock clock) {
        this(settings, clock, CappedBody.DEFAULT_LIMIT);
    }

    OctoPrintPrinterDriver(OctoPrintSettings settings, Clock clock, int bodyLimit) {
        this.settings = settings;
        this.clock = clock;
        this.bodyLimit = bodyLimit;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                // a redirect would carry the API key to wherever it points: it is reported instead (see failure)
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
        URI printerUrl = settings.endpoint(PRINTER_PATH);
        URI jobUrl = settings.endpoint(JOB_PATH);
        CompletableFuture<HttpResponse<String>> printerAnswer = send(printerUrl);
        CompletableFuture<HttpResponse<String>> jobAnswer = send(jobUrl);
        HttpResponse<String> printer;
        HttpResponse<String> job;
        try {
            printer = await(printerAnswer, printerUrl);
            job = await(jobAnswer, jobUrl);
        } catch (IOException | InterruptedException | RuntimeException e) {
            printerAnswer.cancel(true);
            jobAnswer.cancel(true);
            throw e;
        }
        Instant responseTime = clock.instant();

        if (printer.statusCode() == 409) {
            // docs/api/printer.rst: 409 "If the printer is not operational" -- disconnected, or its connection failed
            JobReading jobReading = job(job, jobUrl);
            if (jobReading.isError()) {
                return OctoPrintJson.errorSample(printerId, responseTime, jobReading);
            }
            throw new PrinterNotConnectedException("OctoPrint at " + settings.url()
                    + " is up, but its printer is not connected: " + OctoPrintJson.errorMessage(printer.body())
                    + " (OctoPrint's state: " + jobReading.state() + ")");
        }
        if (printer.statusCode() != 200) {
            throw failure(printer, printerUrl);
        }
        PrinterReading printerReading;
        try {
            printerReading = OctoPrintJson.printer(printer.body());
        } catch (OctoPrintException e) {
            throw new OctoPrintException(e.getMessage() + " (from " + printerUrl + ")", e);
        }
        return OctoPrintJson.sample(printerId, responseTime, printerReading, job(job, jobUrl));
    }

    /** The service properties of the driver registration; never the API key. */
    Map<String, Object> serviceProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PrinterDriver.NAME_PROPERTY, settings.driverName());
        properties.put(OctoPrintDriver.URL_PROPERTY, settings.url().toString());
        properties.put(OctoPrintDriver.PRINTER_PROPERTY, settings.printerId());
        return properties;
    }

    OctoPrintSettings settings() {
        return settings;
    }

    /** Stops the client's threads; a poll still running fails. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    private CompletableFuture<HttpResponse<String>> send(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(settings.timeout())
                .header("X-Api-Key", settings.apiKey())
                .header("Accept", "application/json")
                .GET()
                .build();
        return client.sendAsync(request, CappedBody.handler(bodyLimit));
    }

    private JobReading job(HttpResponse<String> job, URI jobUrl) throws OctoPrintException {
        if (job.statusCode() != 200) {
            throw failure(job, jobUrl);
        }
        try {
            return OctoPrintJson.job(job.body());
        } catch (OctoPrintException e) {
            throw new OctoPrintException(e.getMessage() + " (from " + jobUrl + ")", e);
        }
    }

    private OctoPrintException failure(HttpResponse<String> response, URI url) {
        int status = response.statusCode();
        String detail = OctoPrintJson.errorMessage(response.body());
        String suffix = detail.isEmpty() ? "" : ": " + detail;
        if (status == 401 || status == 403) {
            // docs/api/general.rst: a missing or invalid key makes the request anonymous, which gets 403
            return new OctoPrintException("OctoPrint refused the API key (HTTP " + status + " from " + url + suffix
                    + "); check apiKey: it must be valid and have the STATUS permission");
        }
        if (status == 404) {
            return new OctoPrintException("HTTP 404 from " + url + ": is this the OctoPrint server's base URL? "
                    + "(url = " + settings.url() + ")");
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse("?");
            return new OctoPrintException("HTTP " + status + " from " + url + " redirects to " + location
                    + "; set url to the server's base URL there (redirects are not followed: they would carry "
                    + "the API key along)");
        }
        return new OctoPrintException("HTTP " + status + " from " + url + suffix);
    }

    private HttpResponse<String> await(CompletableFuture<HttpResponse<String>> answer, URI url)
            throws IOException, InterruptedException {
        long millis = settings.timeout().toMillis();
        try {
            // the client's own timeouts come first; this backstop also bounds a body that trickles in forever
            return answer.get(2 * millis + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw withCause(new HttpTimeoutException("no answer from " + url + " within " + millis + " ms"), e);
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
            return new OctoPrintException("the answer of " + url + " is larger than " + bodyLimit
                    + " bytes; is this the OctoPrint server's base URL?", cause);
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
