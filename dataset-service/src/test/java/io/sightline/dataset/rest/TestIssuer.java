package io.sightline.dataset.rest;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * An identity provider made in the test: an RSA key pair whose public half the service is configured with (a PEM
 * file, as {@code mp.jwt.verify.publickey.location}), and the tokens it signs. The keys live in files, so that the
 * test profile (which configures the service) and the test (which signs) agree whichever class loader runs them.
 */
final class TestIssuer {

    static final String ISSUER = "https://issuer.sightline.test";
    static final String AUDIENCE = "sightline";
    private static final Path DIR = Path.of("target", "test-issuer");

    private TestIssuer() {
    }

    /** The PEM file of the public key, made with the key pair on first use. */
    static synchronized Path publicKeyPem() {
        Path pem = DIR.resolve("public.pem");
        Path key = DIR.resolve("private.der");
        try {
            if (!Files.exists(pem) || !Files.exists(key)) {
                KeyPair pair = newKeyPair();
                Files.createDirectories(DIR);
                Files.write(key, pair.getPrivate().getEncoded());
                Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(pair.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
            }
            return pem.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey signingKey() {
        publicKeyPem();
        try {
            byte[] der = Files.readAllBytes(DIR.resolve("private.der"));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token valid for five minutes, from this issuer for this audience, with these groups. */
    static String token(String... groups) {
        return token(ISSUER, AUDIENCE, Instant.now().plusSeconds(300), signingKey(), groups);
    }

    static String token(String issuer, String audience, Instant expiresAt, PrivateKey key, String... groups) {
        return Jwt.issuer(issuer).audience(audience).subject("alice").upn("alice@example.test")
                .groups(Set.of(groups)).issuedAt(expiresAt.minusSeconds(600)).expiresAt(expiresAt)
                .jws().keyId("test").sign(key);
    }

    /** The same claims with {@code "alg": "none"} and no signature. */
    static String unsigned(String... groups) {
        String signed = token(groups);
        String payload = signed.split("\\.")[1];
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
