package io.sightline.trainer.jobs.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sightline.trainer.training.TrainingFailure;
import java.io.FileInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The https road of a download, against a real TLS server with a certificate made here by the JDK's keytool: the
 * connection goes to the checked address while the certificate is checked against the URL's host, so a certificate
 * not trusted or issued for another name fails the download with our words only.
 */
@Tag("process") // keytool makes the certificates
class HttpsBackboneTest {

    private static final byte[] MODULE = "a module over https".getBytes();
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server on 127.0.0.1 whose certificate names {@code subjectAltNames}; its keystore trusts that certificate. */
    private KeyStore serve(String subjectAltNames) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=test",
                "-ext", "SAN=" + subjectAltNames, "-validity", "2", "-storetype", "PKCS12", "-keystore",
                keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        assumeTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool could not run");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/module.pt", exchange -> {
            exchange.sendResponseHeaders(200, MODULE.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(MODULE);
            }
        });
        server.start();
        return keys;
    }

    private static SSLSocketFactory trusting(KeyStore keys) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private BackboneDownload download() {
        BackbonePolicy policy = BackbonePolicy.urlsFrom(Set.of("127.0.0.1:" + server.getAddress().getPort()))
                .withPrivateNetworks(List.of(AddressRange.parse("127.0.0.1/32")));
        return new BackboneDownload(policy, dir.resolve("downloads"), Duration.ofSeconds(5), Duration.ofSeconds(5),
                1 << 20);
    }

    private String url(String host) {
        return "https://" + host + ":" + server.getAddress().getPort() + "/module.pt";
    }

    private BackboneReference pinned(String url) throws Exception {
        return BackboneReference.parse(url + BackboneReference.PIN + BackboneDownloadTest.sha256(MODULE));
    }

    @Test
    void aTrustedCertificateForTheHostDownloads() throws Exception {
        SSLSocketFactory tls = trusting(serve("dns:localhost,ip:127.0.0.1"));

        assertThat(download().trusting(tls).fetch(pinned(url("127.0.0.1"))).file()).hasBinaryContent(MODULE);
    }

    @Test
    void aCertificateNotTrustedFailsTheDownloadInOurWords() throws Exception {
        serve("ip:127.0.0.1");
        String url = url("127.0.0.1");

        assertThatThrownBy(() -> download().fetch(pinned(url))).isInstanceOf(TrainingFailure.class)
                .hasMessage("baseModel " + url + " could not be downloaded: the TLS handshake with host 127.0.0.1:"
                        + server.getAddress().getPort() + " failed (a certificate not trusted or not issued for"
                        + " 127.0.0.1)");
    }

    @Test
    void aTrustedCertificateForAnotherNameFailsTheDownload() throws Exception {
        SSLSocketFactory tls = trusting(serve("dns:models.example.org"));
        String url = url("127.0.0.1");

        assertThatThrownBy(() -> download().trusting(tls).fetch(pinned(url)))
                .hasMessageContaining("the TLS handshake with host 127.0.0.1:");
    }
}
