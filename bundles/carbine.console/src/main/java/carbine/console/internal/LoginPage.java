package carbine.console.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

/** The dashboard's login page: one form, no script, styled like the dashboard (dark header, one card). */
final class LoginPage {
    private LoginPage() {
    }

    static void write(HttpServletResponse response, int status, String next, String error) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Carbine · log in</title>
                <style>
                body{margin:0;font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330}
                header{background:#1d2330;color:#fff;padding:12px 20px;font-weight:600}
                form{max-width:320px;margin:48px auto;background:#fff;padding:24px;border-radius:8px;
                box-shadow:0 1px 4px rgba(0,0,0,.15)}
                label{display:block;margin:12px 0 4px}
                input{width:100%;box-sizing:border-box;padding:8px;font-size:16px}
                button{margin-top:20px;width:100%;padding:10px;font-size:16px;background:#2d6cdf;color:#fff;border:0;
                border-radius:4px}
                .error{color:#b00020;margin:0 0 8px}
                </style></head>
                <body><header>Carbine</header>
                <form method="post" action="/login">
                """ + (error == null ? "" : "<p class=\"error\" id=\"login-error\">" + escape(error) + "</p>\n") + """
                <label for="user">User</label>
                <input id="user" name="user" autocomplete="username" autofocus required maxlength="64">
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                """ + "<input type=\"hidden\" name=\"next\" value=\"" + escape(next) + "\">\n" + """
                <button id="login" type="submit">Log in</button>
                </form></body></html>
                """);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
