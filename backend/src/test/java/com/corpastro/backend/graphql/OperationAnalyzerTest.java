package com.corpastro.backend.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import graphql.execution.CoercedVariables;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;

/** Depth, complexity and cache hints of operations against the real schema, fragments and variables included. */
class OperationAnalyzerTest {

    private static final GraphQLSchema SCHEMA = schema();
    private final OperationAnalyzer analyzer = new OperationAnalyzer(10);

    @Test
    void complexityCountsEveryFieldTimesTheListsItIsInWithContentAsAGeneration() {
        // me 1, businesses 1, items 1, then per item (first: 5): name 1, content 10, body 1
        OperationAnalyzer.Result result = analyze(
                "{ me { businesses(first: 5) { items { name content(type: daily_horoscope) { body } } } } }", Map.of());

        assertThat(result.complexity()).isEqualTo(3 + 5 * 12);
        assertThat(result.depth()).isEqualTo(5);
    }

    @Test
    void variablesAndFragmentsAreResolvedBeforeCounting() {
        OperationAnalyzer.Result result = analyze("""
                query Page($n: Int) { me { businesses(first: $n) { ...Items } } }
                fragment Items on BusinessPage { items { natalChart { planet sign } } }""", Map.of("n", 4));

        // me, businesses, items; natalChart 4 times; planet and sign 4 x 7 times each
        assertThat(result.complexity()).isEqualTo(3 + 4 + 2 * 4 * 7);
        assertThat(result.depth()).isEqualTo(5);
        assertThat(result.operationName()).isEqualTo("Page");
        assertThat(result.operationType()).isEqualTo("query");
    }

    @Test
    void cacheHintsTakeTheSmallestMaxAgeAndArePrivateWhenAnyFieldIs() {
        OperationAnalyzer.Result publicOnly = analyze("{ template(key: \"a\") { key body } }", Map.of());
        OperationAnalyzer.Result mixed = analyze("{ template(key: \"a\") { key } me { name } }", Map.of());
        OperationAnalyzer.Result introspection = analyze("{ __schema { queryType { name } } }", Map.of());

        assertThat(publicOnly.maxAge()).isEqualTo(300);
        assertThat(publicOnly.shared()).isTrue();
        assertThat(mixed.maxAge()).isEqualTo(60);
        assertThat(mixed.shared()).isFalse();
        assertThat(introspection.introspection()).isTrue();
        assertThat(introspection.maxAge()).as("a root field without a hint is not cacheable").isZero();
    }

    private OperationAnalyzer.Result analyze(String query, Map<String, Object> variables) {
        Document document = Parser.parse(query);
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        return analyzer.analyze(SCHEMA, document, operation, CoercedVariables.of(variables));
    }

    private static GraphQLSchema schema() {
        try (InputStream in = OperationAnalyzerTest.class.getResourceAsStream("/graphql/schema.graphqls")) {
            String sdl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl),
                    RuntimeWiring.newRuntimeWiring().build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
