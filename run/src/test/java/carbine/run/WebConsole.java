package carbine.run;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.HttpServiceRuntimeConstants;

/** The Felix Web Console's bundle operations over HTTP, exactly the requests its Bundles page sends. */
final class WebConsole {
    static final String CREDENTIALS = "admin:it-console-secret"; // CARBINE_ADMIN_PASSWORD in test.bndrun

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    WebConsole(BundleContext context) {
        ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
        HttpServiceRuntime http = context.getService(ref);
        try {
            base = endpoint(http.getRuntimeDTO().serviceDTO.properties.get(HttpServiceRuntimeConstants.HTTP_SERVICE_ENDPOINT));
        } finally {
            context.ungetService(ref);
        }
    }

    static String endpoint(Object e) {
        String s = e instanceof String[] a ? a[0]
                : e instanceof java.util.Collection<?> c ? String.valueOf(c.iterator().next()) : String.valueOf(e);
        return s.endsWith("/") ? s : s + "/";
    }

    /** Install and start, or update a bundle of the same symbolic name (with a package refresh). */
    HttpResponse<String> install(byte[] jar, String fileName) throws Exception {
        return upload(jar, fileName, "action", "install", "bundlestart", "start", "refreshPackages", "true");
    }

    HttpResponse<String> uninstall(long bundleId) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + "system/console/bundles/" + bundleId))
                .header("Authorization", auth()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=uninstall")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(byte[] jar, String fileName, String... fields) throws Exception {
        String boundary = "----carbine" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                    + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundlefile\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jar);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create(base + "system/console/bundles"))
                .header("Authorization", auth()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The same jar with another Bundle-Version: "a newer version" of a bundle. */
    static byte[] withVersion(byte[] jar, String version) throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(new java.io.ByteArrayInputStream(jar))) {
            java.util.jar.Manifest m = new java.util.jar.Manifest(in.getManifest());
            m.getMainAttributes().putValue("Bundle-Version", version);
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(bytes, m)) {
                for (java.util.jar.JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    /** The jar a bundle was installed from (the launcher installs by reference to the file). */
    static byte[] jarOf(org.osgi.framework.Bundle bundle) throws java.io.IOException {
        try (java.io.InputStream in = new java.net.URL(bundle.getLocation().replaceFirst("^reference:", "")).openStream()) {
            return in.readAllBytes();
        }
    }

    private static String auth() {
        return "Basic " + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(StandardCharsets.UTF_8));
    }
}
