package com.corpastro.backend.graphql;

import java.util.Locale;

import com.corpastro.backend.astro.Planet;

import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.CoercedVariables;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLAppliedDirectiveArgument;
import graphql.schema.GraphQLDirectiveContainer;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/**
 * What an operation would cost before it runs, from its document alone (fragments and variables
 * resolved by GraphQL Java's {@link QueryTraverser}): its depth, its complexity, whether it asks for
 * introspection, and the cache hints of its fields.
 *
 * <p>Complexity: every field counts its weight (1; {@code Business.content} the content weight,
 * since it may generate text) times the sizes of the lists it is in. A list's size is the
 * {@code first} argument of the field that holds it (a page of businesses), a natal chart's the
 * number of planets, any other list 1.
 */
final class OperationAnalyzer {

    static final String CACHE_DIRECTIVE = "cacheControl";

    private final int contentWeight;

    OperationAnalyzer(int contentWeight) {
        this.contentWeight = contentWeight;
    }

    /** What {@link #analyze} found. */
    record Result(String operationType, String operationName, int depth, int complexity, boolean introspection,
            int maxAge, boolean shared) {
    }

    Result analyze(GraphQLSchema schema, Document document, OperationDefinition operation, CoercedVariables variables) {
        QueryTraverser traverser = QueryTraverser.newQueryTraverser().schema(schema).document(document)
                .operationName(operation.getName()).coercedVariables(variables).build();
        Totals totals = new Totals();
        traverser.visitPreOrder(new QueryVisitorStub() {
            @Override
            public void visitField(QueryVisitorFieldEnvironment field) {
                if (field.isTypeNameIntrospectionField()) {
                    return;
                }
                String name = field.getField().getName();
                if (name.startsWith("__")) {
                    totals.introspection = true;
                }
                totals.depth = Math.max(totals.depth, depth(field));
                totals.complexity = saturatedAdd(totals.complexity, saturatedMultiply(weight(field), multiplier(field)));
                Hint hint = hint(field);
                totals.maxAge = Math.min(totals.maxAge, hint.maxAge());
                totals.shared &= hint.shared();
            }
        });
        String type = operation.getOperation().name().toLowerCase(Locale.ROOT);
        String name = operation.getName() != null ? operation.getName() : "anonymous";
        int complexity = (int) Math.min(Integer.MAX_VALUE, totals.complexity);
        return new Result(type, name, totals.depth, complexity, totals.introspection,
                totals.maxAge == Integer.MAX_VALUE ? 0 : totals.maxAge, totals.shared);
    }

    private static final class Totals {
        int depth;
        long complexity;
        boolean introspection;
        int maxAge = Integer.MAX_VALUE;
        boolean shared = true;
    }

    private static int depth(QueryVisitorFieldEnvironment field) {
        int depth = 0;
        for (QueryVisitorFieldEnvironment at = field; at != null; at = at.getParentEnvironment()) {
            depth++;
        }
        return depth;
    }

    private long weight(QueryVisitorFieldEnvironment field) {
        return "Business".equals(field.getFieldsContainer().getName())
                && "content".equals(field.getField().getName()) ? contentWeight : 1;
    }

    /** The product of the sizes of the lists that hold {@code field}. */
    private static long multiplier(QueryVisitorFieldEnvironment field) {
        long multiplier = 1;
        for (QueryVisitorFieldEnvironment at = field.getParentEnvironment(); at != null; at = at.getParentEnvironment()) {
            multiplier = saturatedMultiply(multiplier, listSize(at));
        }
        return multiplier;
    }

    private static long listSize(QueryVisitorFieldEnvironment field) {
        GraphQLType type = GraphQLTypeUtil.unwrapNonNull(field.getFieldDefinition().getType());
        if (!(type instanceof GraphQLList)) {
            return 1;
        }
        if ("natalChart".equals(field.getField().getName())) {
            return Planet.values().length;
        }
        QueryVisitorFieldEnvironment holder = field.getParentEnvironment();
        Object first = holder != null ? holder.getArguments().get("first") : null;
        return first instanceof Number number ? Math.max(1, number.longValue()) : 1;
    }

    private record Hint(int maxAge, boolean shared) {
    }

    /**
     * The field's own {@code @cacheControl}, else its type's, else its parent's (a scalar inherits);
     * a root field without one is not cacheable.
     */
    private static Hint hint(QueryVisitorFieldEnvironment field) {
        GraphQLFieldDefinition definition = field.getFieldDefinition();
        Hint own = hint(definition);
        if (own == null && GraphQLTypeUtil.unwrapAll(definition.getType()) instanceof GraphQLDirectiveContainer type) {
            own = hint(type);
        }
        if (own != null) {
            return own;
        }
        return field.getParentEnvironment() != null ? hint(field.getParentEnvironment()) : new Hint(0, false);
    }

    private static Hint hint(GraphQLDirectiveContainer container) {
        GraphQLAppliedDirective directive = container.getAppliedDirective(CACHE_DIRECTIVE);
        if (directive == null) {
            return null;
        }
        Object maxAge = value(directive.getArgument("maxAge"));
        Object scope = value(directive.getArgument("scope"));
        return new Hint(maxAge instanceof Number number ? number.intValue() : 0, "PUBLIC".equals(String.valueOf(scope)));
    }

    private static Object value(GraphQLAppliedDirectiveArgument argument) {
        return argument == null ? null : argument.getValue();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }
}
