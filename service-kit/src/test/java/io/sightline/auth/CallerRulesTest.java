package io.sightline.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which roles each configuration gives a caller with and without a token; the services' HTTP tests check statuses. */
class CallerRulesTest {

    static String sha256(String token) {
        return HexFormat.of().formatHex(HashedTokens.sha256(token));
    }

    static BearerIdentityProvider provider(AuthConfig config) {
        return new BearerIdentityProvider(CallerRules.of(config), null);
    }

    static SecurityIdentity holderOf(AuthConfig config, String token) {
        return provider(config).fromStaticToken(new TokenCredential(token, "bearer"));
    }

    @Test
    void readsAreOpenToAnyoneUnlessProtected() {
        BearerTokenMechanism open = new BearerTokenMechanism(AuthConfig.of("s3cret", true));
        assertThat(open.withRolesOfEveryone(open.callerWithoutToken()).getRoles()).containsExactly(Roles.READ);

        BearerTokenMechanism closed = new BearerTokenMechanism(
                AuthSettings.builder().token("s3cret").protectReads(true).build());
        assertThat(closed.withRolesOfEveryone(closed.callerWithoutToken())).isNull();

        BearerTokenMechanism local = new BearerTokenMechanism(AuthSettings.builder().protectReads(true).build());
        assertThat(local.withRolesOfEveryone(local.callerWithoutToken()).getRoles())
                .containsExactlyInAnyOrder(Roles.WRITE, Roles.PREDICT);
    }

    @Test
    void namedHashedTokensGrantTheirRolesOnly() {
        AuthConfig config = AuthSettings.builder().protectReads(true)
                .tokenList("ci:" + sha256("ci-token") + ":read+write, demo:" + sha256("demo-token").toUpperCase()
                        + ":predict").build();

        assertThat(CallerRules.of(config).identityConfigured()).isTrue();
        SecurityIdentity ci = holderOf(config, "ci-token");
        assertThat(ci.getPrincipal().getName()).isEqualTo("ci");
        assertThat(ci.getRoles()).containsExactlyInAnyOrder(Roles.READ, Roles.WRITE);
        assertThat(holderOf(config, "demo-token").getRoles()).containsExactly(Roles.PREDICT);
        assertThatThrownBy(() -> holderOf(config, "ci-toke")).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> holderOf(config, sha256("ci-token")))
                .as("the digest itself is not a token").isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void theSingleTokenGrantsEveryRoleAndReadsStayOpenToNamedTokens() {
        AuthConfig config = AuthSettings.builder().token("s3cret")
                .tokenList("bot:" + sha256("bot") + ":predict").build();
        assertThat(holderOf(config, "s3cret").getRoles()).containsExactlyInAnyOrderElementsOf(Roles.ALL);
        assertThat(holderOf(config, "bot").getRoles()).containsExactlyInAnyOrder(Roles.PREDICT, Roles.READ);
    }

    @Test
    void malformedEntriesStopTheServiceWithoutEchoingTheDigest() {
        assertThatThrownBy(() -> CallerRules.of(AuthSettings.builder().tokenList("ci:abc:read").build()))
                .hasMessageContaining("'ci'").hasMessageContaining("64 hex");
        assertThatThrownBy(() -> CallerRules.of(AuthSettings.builder()
                .tokenList("ci:" + sha256("x") + ":superuser").build()))
                .hasMessageContaining("unknown role 'superuser'").hasMessageNotContaining(sha256("x"));
        assertThatThrownBy(() -> CallerRules.of(AuthSettings.builder().tokenList("just-a-token").build()))
                .hasMessageContaining("name:sha256hex:role+role");
    }

    @Test
    void groupsOfAJwtMapOntoRoles() {
        JwtRoles roles = new JwtRoles(Map.of("ml-admins", List.of("admin", "write"), "odd", List.of("root")));
        assertThat(roles.of(java.util.Set.of("read", "ml-admins", "unrelated")))
                .containsExactlyInAnyOrder(Roles.READ, Roles.ADMIN, Roles.WRITE);
        assertThat(roles.of("predict odd")).containsExactly(Roles.PREDICT);
        assertThat(roles.of(null)).isEmpty();
    }

    @Test
    void jwtsAreOffUntilConfiguredAndThenNeedIssuerAndAudience() {
        JwtSettings none = new JwtSettings(java.util.Optional.empty(), java.util.Optional.of("https://quarkus.io/issuer"),
                java.util.Optional.empty());
        assertThat(none.enabled()).isFalse();
        assertThat(none.missing()).isEmpty();

        JwtSettings keyOnly = new JwtSettings(java.util.Optional.of("https://idp/jwks"), java.util.Optional.empty(),
                java.util.Optional.of(" "));
        assertThat(keyOnly.enabled()).isTrue();
        assertThat(keyOnly.missing()).anyMatch(m -> m.startsWith("mp.jwt.verify.issuer"))
                .anyMatch(m -> m.startsWith("mp.jwt.verify.audiences"));
    }

    @Test
    void onlyThreePartTokensAreReadAsJwts() {
        assertThat(BearerIdentityProvider.looksLikeJwt("a.b.c")).isTrue();
        assertThat(BearerIdentityProvider.looksLikeJwt("s3cret")).isFalse();
        assertThat(BearerIdentityProvider.looksLikeJwt("a.b")).isFalse();
    }
}
