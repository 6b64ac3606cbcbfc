package io.sightline.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A service with no identity configured lets anyone write and predict, so it may listen on loopback only: the
 * local demo works without a token, a service reachable from the network does not start open unless
 * {@code sightline.auth.insecure=true} says so (the chart sets it only with {@code auth.insecure}).
 */
@ApplicationScoped
public class OpenListenerGuard {

    private static final Logger LOG = Logger.getLogger(OpenListenerGuard.class);

    private final CallerRules rules;
    private final String host;
    private final boolean insecure;

    OpenListenerGuard(CallerRules rules, @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String host,
                      @ConfigProperty(name = "sightline.auth.insecure", defaultValue = "false") boolean insecure) {
        this.rules = rules;
        this.host = host;
        this.insecure = insecure;
    }

    void onStart(@Observes StartupEvent event) {
        check();
    }

    /** @throws IllegalStateException when the service would be open to the network */
    void check() {
        if (rules.identityConfigured() || loopback(host)) {
            return;
        }
        if (insecure) {
            LOG.warnf("no identity is configured and the service listens on %s: anyone who reaches it may write and"
                    + " predict (sightline.auth.insecure=true)", host);
            return;
        }
        throw new IllegalStateException("no identity is configured (sightline.auth.token, sightline.auth.tokens,"
                + " SIGHTLINE_AUTH_TOKEN_LIST or an issuer's JWTs) and quarkus.http.host=" + host + " is not loopback:"
                + " the service would let anyone on the network write and predict. Configure an identity, listen on"
                + " 127.0.0.1, or set sightline.auth.insecure=true for a throw-away sandbox");
    }

    /** Whether {@code host} names a loopback address (a literal or {@code localhost}). */
    static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // a literal address is parsed, not looked up; a name other than localhost is not trusted to stay loopback
            return isLiteral(bare) && InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }
}
