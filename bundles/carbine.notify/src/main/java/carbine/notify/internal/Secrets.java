package carbine.notify.internal;

/** Failure descriptions without secrets: what may go into a log line, the outbox or an event. */
final class Secrets {
    static final String MASK = "****";

    private Secrets() {}

    /** {@code ****} for a set secret, empty for none: for {@code toString}. */
    static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "" : MASK;
    }

    /** {@code text} with every occurrence of each secret (of 4 characters or more) replaced by {@code ****}. */
    static String redact(String text, String... secrets) {
        if (text == null) {
            return "";
        }
        String result = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) { // shorter ones ("/") would garble the text, and are no secret
                result = result.replace(s, MASK);
            }
        }
        return result;
    }

    /**
     * A failure as text. Channels throw {@link DeliveryException}s whose messages they wrote themselves; anything
     * else is described by its class only, in case its message quotes a URL with a token in it.
     */
    static String describe(Throwable t) {
        if (t instanceof DeliveryException) {
            return t.getMessage();
        }
        return t.getClass().getName();
    }
}
