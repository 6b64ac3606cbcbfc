package io.sightline.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link AuthConfig} made in code, for tests and for tools that run without Quarkus. */
public final class AuthSettings {

    private String token;
    private boolean protectPredict = true;
    private boolean protectReads;
    private boolean protectMetrics;
    private String tokenList;
    private String rolesClaim = "groups";
    private Map<String, List<String>> roleMapping = Map.of();

    private AuthSettings() {
    }

    public static AuthSettings builder() {
        return new AuthSettings();
    }

    public AuthSettings token(String value) {
        token = value;
        return this;
    }

    public AuthSettings protectPredict(boolean value) {
        protectPredict = value;
        return this;
    }

    public AuthSettings protectReads(boolean value) {
        protectReads = value;
        return this;
    }

    public AuthSettings protectMetrics(boolean value) {
        protectMetrics = value;
        return this;
    }

    /** Named tokens in the {@code name:sha256hex:role+role,…} form. */
    public AuthSettings tokenList(String value) {
        tokenList = value;
        return this;
    }

    public AuthSettings rolesClaim(String value) {
        rolesClaim = value;
        return this;
    }

    public AuthSettings roleMapping(Map<String, List<String>> value) {
        roleMapping = Map.copyOf(value);
        return this;
    }

    public AuthConfig build() {
        Optional<String> configuredToken = Optional.ofNullable(token);
        Optional<String> configuredList = Optional.ofNullable(tokenList);
        boolean predict = protectPredict;
        boolean reads = protectReads;
        boolean metrics = protectMetrics;
        AuthConfig.Jwt jwt = new AuthConfig.Jwt() {
            private final String claim = rolesClaim;
            private final Map<String, List<String>> mapping = roleMapping;

            @Override
            public String rolesClaim() {
                return claim;
            }

            @Override
            public Map<String, List<String>> roleMapping() {
                return mapping;
            }
        };
        return new AuthConfig() {
            @Override
            public Optional<String> token() {
                return configuredToken;
            }

            @Override
            public boolean protectPredict() {
                return predict;
            }

            @Override
            public boolean protectReads() {
                return reads;
            }

            @Override
            public boolean protectMetrics() {
                return metrics;
            }

            @Override
            public Map<String, NamedToken> tokens() {
                return Map.of();
            }

            @Override
            public Optional<String> tokenList() {
                return configuredList;
            }

            @Override
            public Jwt jwt() {
                return jwt;
            }
        };
    }
}
