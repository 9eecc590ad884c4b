package com.corpastro.performance.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The rate limit, the response cache's routes and the response filter each classify every request:
 * the answer is worked out once per classifier and the path parsed once per request.
 */
class EndpointClassifierTest {

    private final EndpointClassifier types = EndpointClassifier.of(ordered(
            "auth", List.of("POST /api/users"), "content", List.of("/api/businesses/*/content/**")), "api");
    private final RequestPatterns cachedRoutes = RequestPatterns.of(List.of("GET /api/businesses/*/content/*?date"));

    @Test
    void classifiesByMethodAndPathFirstRuleFirst() {
        assertThat(types.classify(new MockHttpServletRequest("POST", "/api/users"))).isEqualTo("auth");
        assertThat(types.classify(new MockHttpServletRequest("GET", "/api/users"))).isEqualTo("api");
        assertThat(types.classify(new MockHttpServletRequest("GET", "/api/businesses/7/content/daily")))
                .isEqualTo("content");
    }

    @Test
    void everyClassifierOfARequestSharesOneParseOfItsPathAndKeepsItsAnswer() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/businesses/7/content/daily");

        assertThat(types.classify(request)).isEqualTo("content");
        Object parsed = ownAttributes(request).get("parsedPath");
        assertThat(cachedRoutes.route(request).parameters()).containsExactly("date");
        assertThat(types.classify(request)).isEqualTo("content");

        Map<String, Object> kept = ownAttributes(request);
        assertThat(kept.get("parsedPath")).isNotNull().isSameAs(parsed);
        // One answer per classifier: the endpoint types and the cached routes' own.
        assertThat(kept.keySet().stream().filter(name -> name.startsWith("type@"))).hasSize(2);
    }

    @Test
    void aRequestWhosePathOrMethodChangedIsClassifiedAgain() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/businesses/7/content/daily");
        assertThat(types.classify(request)).isEqualTo("content");

        request.setRequestURI("/api/users");
        request.setMethod("POST");

        assertThat(types.classify(request)).isEqualTo("auth");
        assertThat(cachedRoutes.route(request)).isNull();
    }

    @Test
    void aPathThatCannotBeParsedIsOfTheDefaultType() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/businesses/7/content/daily;x=%zz");

        assertThat(types.classify(request)).isEqualTo("content");
        assertThat(types.classify(new MockHttpServletRequest("GET", "/api/%zz/content"))).isEqualTo("api");
    }

    /** The attributes the classifiers left, by name without their common prefix. */
    private static Map<String, Object> ownAttributes(MockHttpServletRequest request) {
        String prefix = EndpointClassifier.class.getName() + ".";
        Map<String, Object> own = new LinkedHashMap<>();
        for (String name : Collections.list(request.getAttributeNames())) {
            if (name.startsWith(prefix)) {
                own.put(name.substring(prefix.length()), request.getAttribute(name));
            }
        }
        return own;
    }

    private static Map<String, List<String>> ordered(String type1, List<String> patterns1, String type2,
            List<String> patterns2) {
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        ordered.put(type1, patterns1);
        ordered.put(type2, patterns2);
        return ordered;
    }
}
