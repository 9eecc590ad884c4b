package com.corpastro.performance.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class HttpClientAddressTest {

    private final ClientAddressResolver resolver = ClientAddressResolver.of(List.of("10.0.0.0/8", "192.168.1.1", "fd00::/8"));

    @Test
    void untrustedPeerIsTheClientWhateverItClaims() {
        assertThat(resolver.clientAddress(request("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
    }

    @Test
    void trustedProxyGivesTheRightMostUntrustedForwardedAddress() {
        assertThat(resolver.clientAddress(request("10.1.2.3", "6.6.6.6, 198.51.100.4, 10.9.9.9")))
                .as("the left-most entry was written by the client and is not believed").isEqualTo("198.51.100.4");
        assertThat(resolver.clientAddress(request("192.168.1.1", "198.51.100.4"))).isEqualTo("198.51.100.4");
        assertThat(resolver.clientAddress(request("fd00::1", "2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void trustedProxyWithoutOrWithGarbageHeaderFallsBackToTheLastKnownAddress() {
        assertThat(resolver.clientAddress(request("10.1.2.3", null))).isEqualTo("10.1.2.3");
        assertThat(resolver.clientAddress(request("10.1.2.3", "evil.example.com"))).isEqualTo("10.1.2.3");
        assertThat(resolver.clientAddress(request("10.1.2.3", "198.51.100.4, not-an-ip, 10.0.0.2")))
                .isEqualTo("10.0.0.2");
    }

    @Test
    void everyForwardedForLineCountsAndTheRightMostUntrustedAddressIsTheClient() {
        // The client sent the first line itself; the proxy added its own line instead of appending.
        MockHttpServletRequest request = request("10.1.2.3", "6.6.6.6");
        request.addHeader("X-Forwarded-For", "198.51.100.4, 10.9.9.9");
        assertThat(resolver.clientAddress(request)).isEqualTo("198.51.100.4");
        MockHttpServletRequest onlyProxies = request("10.1.2.3", "203.0.113.7");
        onlyProxies.addHeader("X-Forwarded-For", "10.9.9.9");
        onlyProxies.addHeader("X-Forwarded-For", "10.8.8.8,");
        assertThat(resolver.clientAddress(onlyProxies)).isEqualTo("203.0.113.7");
    }

    @Test
    void theClientKeyIsTheAddressForIpv4AndTheSlash64ForIpv6() {
        assertThat(resolver.clientKey(request("203.0.113.9", null))).isEqualTo("203.0.113.9");
        assertThat(resolver.clientKey(request("2001:db8:1:2::7", null))).isEqualTo("2001:db8:1:2::/64");
        assertThat(resolver.clientKey(request("2001:db8:1:2:ffff:ffff:ffff:ffff", null)))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(resolver.clientKey(request("2001:db8:1:3::7", null))).isEqualTo("2001:db8:1:3::/64");
        assertThat(resolver.clientKey(request("fd00::1", "2001:0DB8:0000:0000:1:2:3:4"))).isEqualTo("2001:db8::/64");
        assertThat(resolver.clientKey(request("2001:0:0:1::1", null))).isEqualTo("2001:0:0:1::/64");
        assertThat(resolver.clientKey(request("0:0:0:0:0:0:0:1", null))).isEqualTo("::/64");
        assertThat(resolver.clientKey(request("::ffff:198.51.100.4", null))).isEqualTo("198.51.100.4");
        assertThat(resolver.clientAddress(request("2001:db8:1:2::7", null))).as("logs keep the address")
                .isEqualTo("2001:db8:1:2::7");
    }

    @Test
    void forwardedProtoCountsOnlyFromATrustedProxy() {
        MockHttpServletRequest trusted = request("10.1.2.3", null);
        trusted.addHeader("X-Forwarded-Proto", "https");
        MockHttpServletRequest untrusted = request("203.0.113.9", null);
        untrusted.addHeader("X-Forwarded-Proto", "https");

        assertThat(resolver.isSecure(trusted)).isTrue();
        assertThat(resolver.isSecure(untrusted)).isFalse();
    }

    @Test
    void badTrustedProxyFailsWithTheValue() {
        assertThatThrownBy(() -> ClientAddressResolver.of(List.of("proxy.internal")))
                .hasMessageContaining("'proxy.internal'");
        assertThatThrownBy(() -> ClientAddressResolver.of(List.of("10.0.0.0/40"))).hasMessageContaining("'10.0.0.0/40'");
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }
}
