package com.corpastro.performance.cache;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Runs an invalidation after the current Spring transaction commits, or at once when there is none. */
final class AfterCommit {

    private static final boolean SPRING_TX = isPresent("org.springframework.transaction.support.TransactionSynchronizationManager");

    private AfterCommit() {
    }

    static void run(Runnable action) {
        if (SPRING_TX && Synchronizations.register(action)) {
            return;
        }
        action.run();
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, AfterCommit.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Touches spring-tx only when it is on the class path. */
    private static final class Synchronizations {

        static boolean register(Runnable action) {
            if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                return false;
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
            return true;
        }
    }
}
