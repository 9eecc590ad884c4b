package com.corpastro.loadtest;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the processes a load test starts (the service, the bare app), and never letting them outlive it. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** Runs {@code stop} when the JVM exits without the owner closing first; returns the hook to {@link #forget}. */
    static Thread stopOnExit(Runnable stop, String name) {
        Thread hook = new Thread(stop, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Removes a hook of {@link #stopOnExit} (null: none registered). */
    static void forget(Thread hook) {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) anyway
            }
        }
    }

    /** Asks {@code process} to stop, then kills it when it has not within {@code grace}; true when it was alive. */
    static boolean stop(Process process, Duration grace) {
        if (process == null || !process.isAlive()) {
            return false;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return true;
    }
}
