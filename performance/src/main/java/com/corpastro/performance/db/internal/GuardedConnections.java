package com.corpastro.performance.db.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The connection and statement proxies of {@link com.corpastro.performance.db.GuardedDataSource}:
 * they note the first failure that says the database is unavailable, give every statement
 * without a query timeout the default one, and report the checkout's outcome once, on close.
 */
public final class GuardedConnections {

    /** What {@link #ownMethod} returns for a method the proxy passes on. */
    private static final Object NOT_OWN = new Object();

    private GuardedConnections() {
    }

    /** The answer of the proxy {@code self} itself to a wrapper or object method, or {@link #NOT_OWN}. */
    private static Object ownMethod(Object self, java.sql.Wrapper target, Method method, Object[] args)
            throws SQLException {
        return switch (method.getName()) {
            case "unwrap" -> ((Class<?>) args[0]).isInstance(self) ? self : target.unwrap((Class<?>) args[0]);
            case "isWrapperFor" -> ((Class<?>) args[0]).isInstance(self) || target.isWrapperFor((Class<?>) args[0]);
            case "equals" -> self == args[0];
            case "hashCode" -> System.identityHashCode(self);
            case "toString" -> "Guarded[" + target + "]";
            default -> NOT_OWN;
        };
    }

    /**
     * {@code target} behind a proxy that calls {@code onClose} once when closed, with the first
     * failure of the checkout that {@link SqlFailures#isUnavailable} recognises (or null).
     */
    public static Connection wrap(Connection target, int statementTimeoutSeconds, Consumer<Throwable> onClose) {
        Checkout checkout = new Checkout(target, statementTimeoutSeconds, onClose);
        Connection proxy = (Connection) Proxy.newProxyInstance(GuardedConnections.class.getClassLoader(),
                new Class<?>[] {Connection.class}, checkout);
        checkout.proxy = proxy;
        return proxy;
    }

    /** One connection checkout. */
    private static final class Checkout implements InvocationHandler {

        private final Connection target;
        private final int statementTimeoutSeconds;
        private final Consumer<Throwable> onClose;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private Connection proxy;

        Checkout(Connection target, int statementTimeoutSeconds, Consumer<Throwable> onClose) {
            this.target = target;
            this.statementTimeoutSeconds = statementTimeoutSeconds;
            this.onClose = onClose;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close")) {
                close();
                return null;
            }
            Object own = ownMethod(self, target, method, args);
            if (own != NOT_OWN) {
                return own;
            }
            Object result = call(target, method, args);
            if (result instanceof Statement statement) {
                return statement(statement, method.getReturnType());
            }
            return result;
        }

        private void close() throws SQLException {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            try {
                target.close();
            } catch (SQLException | RuntimeException e) {
                note(e);
                throw e;
            } finally {
                onClose.accept(failure.get());
            }
        }

        /** Calls {@code method} on {@code on}, noting a failure that says the database is unavailable. */
        Object call(Object on, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(on, args);
            } catch (InvocationTargetException e) {
                note(e.getCause());
                throw e.getCause();
            }
        }

        private void note(Throwable thrown) {
            if (thrown != null && SqlFailures.isUnavailable(thrown)) {
                failure.compareAndSet(null, thrown);
            }
        }

        private Statement statement(Statement statement, Class<?> declared) {
            Class<?> type = CallableStatement.class.isAssignableFrom(declared) ? CallableStatement.class
                    : PreparedStatement.class.isAssignableFrom(declared) ? PreparedStatement.class : Statement.class;
            return (Statement) Proxy.newProxyInstance(GuardedConnections.class.getClassLoader(), new Class<?>[] {type},
                    new StatementHandler(this, statement));
        }

        int statementTimeoutSeconds() {
            return statementTimeoutSeconds;
        }

        Connection proxy() {
            return proxy;
        }
    }

    /** A statement of a checkout: the default timeout before it runs, failures noted. */
    private static final class StatementHandler implements InvocationHandler {

        private final Checkout checkout;
        private final Statement target;

        StatementHandler(Checkout checkout, Statement target) {
            this.checkout = checkout;
            this.target = target;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("getConnection")) {
                return checkout.proxy();
            }
            Object own = ownMethod(self, target, method, args);
            if (own != NOT_OWN) {
                return own;
            }
            if (name.startsWith("execute") && checkout.statementTimeoutSeconds() > 0 && target.getQueryTimeout() == 0) {
                target.setQueryTimeout(checkout.statementTimeoutSeconds());
            }
            return checkout.call(target, method, args);
        }
    }
}
