package carbine.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The metatype of PID {@value SiteGuard#PID}: how Carbine's web server lets people and scripts in. */
@ObjectClassDefinition(name = "Carbine HTTP security",
        description = "Login, allowed host names and cross-site protection for the dashboard, the API and the "
                + "Web Console.")
@interface SecurityConfig {
    @AttributeDefinition(name = "Login",
            description = "auto: a login (see the users at the shell: user-list) is required for every page and API when HTTP "
                    + "listens beyond loopback (org.apache.felix.http.host is not 127.0.0.1/localhost/::1), and "
                    + "not on loopback; always: required everywhere; never: open to anyone who reaches the port "
                    + "(a warning is logged when that is beyond loopback). The Web Console always needs it.",
            options = {@Option(value = "auto"), @Option(value = "always"), @Option(value = "never")})
    String login() default "auto";

    @AttributeDefinition(name = "Allowed host names", required = false,
            description = "Host names (without port) a browser may use to reach Carbine, besides IP addresses, "
                    + "'localhost' and this machine's own name (also with .local). Other Host headers are "
                    + "refused with 421, which stops DNS rebinding. Add the name of a reverse proxy here; '*' "
                    + "allows any name (not recommended).")
    String[] allowedHosts() default {};

    @AttributeDefinition(name = "Anonymous visitors",
            description = "When a login is required: none (default): nothing is shown without a login; viewer: "
                    + "anyone who reaches the port sees the dashboard and reads the API, and every action still "
                    + "needs an operator's or admin's login. Without a required login (loopback), visitors act as "
                    + "operators, as before roles existed.",
            options = {@Option(value = "none"), @Option(value = "viewer")})
    String anonymous() default "none";

    @AttributeDefinition(name = "Session idle time (minutes)",
            description = "A dashboard login ends after this long without a request (and at every restart).")
    int sessionIdleMinutes() default 720;
}
