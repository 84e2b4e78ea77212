package carbine.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.google.gson.JsonObject;

import jakarta.servlet.http.HttpServletResponse;

/** Writes the API's answers: JSON, never cached. */
final class Answers {
    private Answers() {}

    static void json(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(RestJson.text(body));
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        json(response, status, RestJson.error(status, message, null));
    }

    static void bad(HttpServletResponse response, BadParameter e) throws IOException {
        json(response, HttpServletResponse.SC_BAD_REQUEST,
                RestJson.error(HttpServletResponse.SC_BAD_REQUEST, e.getMessage(), e.parameter()));
    }
}
