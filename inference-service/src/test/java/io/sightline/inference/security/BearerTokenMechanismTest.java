package io.sightline.inference.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.inference.config.AuthConfig;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decisions the HTTP test cannot reach with its one configuration (a token, predict protected). */
public class BearerTokenMechanismTest {

    public static AuthConfig config(String token, boolean protectPredict) {
        return new AuthConfig() {
            @Override
            public Optional<String> token() {
                return Optional.ofNullable(token);
            }

            @Override
            public boolean protectPredict() {
                return protectPredict;
            }
        };
    }

    @Test
    void withoutAConfiguredTokenPredictionIsOpenAndNoTokenIsChecked() {
        BearerTokenMechanism mechanism = new BearerTokenMechanism(config(null, true));

        assertThat(mechanism.tokenToCheck("Bearer anything")).isNull();
        assertThat(mechanism.callerWithoutToken().getRoles()).containsExactly(Roles.PREDICT);
    }

    @Test
    void withATokenACallerWithoutOneIsNobodyUnlessPredictionIsLeftOpen() {
        assertThat(new BearerTokenMechanism(config("s3cret", true)).callerWithoutToken()).isNull();

        BearerTokenMechanism open = new BearerTokenMechanism(config("s3cret", false));
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
        assertThat(StaticTokenIdentityProvider.matches("s3cret", "s3cret")).isTrue();
        assertThat(StaticTokenIdentityProvider.matches("s3cre", "s3cret")).isFalse();
        assertThat(StaticTokenIdentityProvider.matches("", "s3cret")).isFalse();
    }
}
