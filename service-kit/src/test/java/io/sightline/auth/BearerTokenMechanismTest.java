package io.sightline.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who a request is, for each configuration; the services' HTTP tests check the resulting statuses. */
class BearerTokenMechanismTest {

    @Test
    void withoutAConfiguredTokenWritesAndPredictionAreOpenButAdminIsNot() {
        BearerTokenMechanism mechanism = new BearerTokenMechanism(AuthConfig.of(null, true));

        assertThat(mechanism.tokenToCheck("Bearer anything")).isNull();
        assertThat(mechanism.callerWithoutToken().getRoles()).containsExactlyInAnyOrder(Roles.PREDICT, Roles.WRITE);
    }

    @Test
    void withATokenACallerWithoutOneIsNobodyUnlessPredictionIsLeftOpen() {
        assertThat(new BearerTokenMechanism(AuthConfig.of("s3cret", true)).callerWithoutToken()).isNull();

        BearerTokenMechanism open = new BearerTokenMechanism(AuthConfig.of("s3cret", false));
        assertThat(open.callerWithoutToken().getRoles()).containsExactly(Roles.PREDICT);
        assertThat(open.tokenToCheck("Bearer s3cret")).isEqualTo("s3cret");
    }

    @Test
    void readsOnlyTheBearerScheme() {
        assertThat(BearerTokenMechanism.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(BearerTokenMechanism.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(BearerTokenMechanism.bearer("Basic abc")).isNull();
        assertThat(BearerTokenMechanism.bearer("Bearer ")).isNull();
        assertThat(BearerTokenMechanism.bearer(null)).isNull();
    }

    @Test
    void theProviderAcceptsExactlyTheConfiguredToken() {
        assertThat(BearerIdentityProvider.matches("s3cret", "s3cret")).isTrue();
        assertThat(BearerIdentityProvider.matches("s3cre", "s3cret")).isFalse();
        assertThat(BearerIdentityProvider.matches("", "s3cret")).isFalse();
    }
}
