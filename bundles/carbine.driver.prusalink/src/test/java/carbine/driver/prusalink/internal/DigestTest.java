package carbine.driver.prusalink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The Digest client against the RFCs' own examples and against an independent computation. */
class DigestTest {
    @Test
    void rfc2617Section35ExampleWithQopAuth() {
        // RFC 2617 section 3.5: Mufasa / "Circle Of Life", GET /dir/index.html, nc=00000001, cnonce="0a4f113b"
        Digest.Challenge c = Digest.challenge(List.of("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));

        String header = Digest.authorization(c, "GET", "/dir/index.html", "Mufasa", "Circle Of Life", 1, "0a4f113b");

        assertThat(header).contains("response=\"6629fae49393a05397450978507c4ef1\"").contains("qop=auth")
                .contains("nc=00000001").contains("cnonce=\"0a4f113b\"")
                .contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"").contains("uri=\"/dir/index.html\"");
    }

    @Test
    void withoutQopTheResponseIsMd5OfHa1NonceHa2AsPrusaLinkExpects() {
        // Prusa-Firmware-Buddy server_tests.cpp: realm "Printer API", a 16-hex-digit nonce, no qop
        Digest.Challenge c = Digest.challenge(List.of("Digest realm=\"Printer API\", nonce=\"dcd98b7102dd2f0e\""));
        String ha1 = Digest.md5("maker:Printer API:s3cr3tPass");
        String ha2 = Digest.md5("GET:/api/v1/status");

        String header = Digest.authorization(c, "GET", "/api/v1/status", "maker", "s3cr3tPass");

        assertThat(c.qopAuth()).isFalse();
        assertThat(c.stale()).isFalse();
        assertThat(header).isEqualTo("Digest username=\"maker\", realm=\"Printer API\", nonce=\"dcd98b7102dd2f0e\", "
                + "uri=\"/api/v1/status\", algorithm=MD5, response=\"" + Digest.md5(ha1 + ":dcd98b7102dd2f0e:" + ha2)
                + "\"");
        assertThat(header).doesNotContain("s3cr3tPass").doesNotContain("qop").doesNotContain("cnonce");
    }

    @Test
    void md5IsTheRfc1321Md5() {
        // RFC 1321 appendix A.5 test suite
        assertThat(Digest.md5("")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(Digest.md5("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void staleIsRead() {
        assertThat(Digest.challenge(List.of("Digest realm=\"Printer API\", nonce=\"0123456789abcdef\", stale=true"))
                .stale()).isTrue();
        assertThat(Digest.challenge(List.of("Digest realm=\"Printer API\", nonce=\"0123456789abcdef\", "
                + "stale=\"TRUE\"")).stale()).isTrue();
        assertThat(Digest.challenge(List.of("Digest realm=\"Printer API\", nonce=\"0123456789abcdef\", stale=false"))
                .stale()).isFalse();
    }

    @Test
    void theDigestChallengeIsFoundAmongOthers() {
        Digest.Challenge c = Digest.challenge(List.of("Basic realm=\"x\"",
                "digest Realm=\"a, \\\"quoted\\\" realm\",NONCE=abc123 , algorithm=md5"));

        assertThat(c.realm()).isEqualTo("a, \"quoted\" realm");
        assertThat(c.nonce()).isEqualTo("abc123");
        assertThat(Digest.authorization(c, "GET", "/", "u", "p")).contains("realm=\"a, \\\"quoted\\\" realm\"");
    }

    @Test
    void whatCannotBeAnsweredIsNamed() {
        assertThatThrownBy(() -> Digest.challenge(List.of())).hasMessage("no WWW-Authenticate header");
        assertThatThrownBy(() -> Digest.challenge(List.of("Basic realm=\"PrusaLink\"")))
                .hasMessage("the server asks for Basic authentication, not Digest");
        assertThatThrownBy(() -> Digest.challenge(List.of("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256")))
                .hasMessage("the server asks for Digest with algorithm SHA-256; only MD5 is supported");
        assertThatThrownBy(() -> Digest.challenge(List.of("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"")))
                .hasMessage("the server asks for Digest with qop auth-int; only auth is supported");
        assertThatThrownBy(() -> Digest.challenge(List.of("Digest realm=\"r\"")))
                .hasMessage("the Digest challenge has no nonce");
    }

    @Test
    void theNonceCountRisesPerRequestWithQop() {
        Digest.Challenge c = Digest.challenge(List.of("Digest realm=\"r\", nonce=\"n\", qop=\"auth\""));

        assertThat(Digest.authorization(c, "GET", "/", "u", "p")).contains("nc=00000001");
        assertThat(Digest.authorization(c, "GET", "/", "u", "p")).contains("nc=00000002");
    }
}
