package com.corpastro.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Freezes and thaws server processes with {@code SIGSTOP} / {@code SIGCONT}, as a hung server
 * looks to its clients: the sockets stay open, the kernel still accepts connections into the
 * listen backlog, and nothing answers.
 */
final class ProcessSignals {

    private ProcessSignals() {
    }

    /** {@code root} and every process below it, the root first. */
    static List<Long> tree(long root) {
        ProcessHandle handle = ProcessHandle.of(root)
                .orElseThrow(() -> new IllegalStateException("no process with pid " + root));
        List<Long> pids = new ArrayList<>();
        pids.add(handle.pid());
        handle.descendants().forEach(child -> pids.add(child.pid()));
        return pids;
    }

    /**
     * Stops {@code root} first, so it forks nothing new, then everything below it; a second pass
     * catches a child forked while the first pass ran.
     */
    static void stopTree(long root) {
        signal("STOP", List.of(root));
        signal("STOP", tree(root));
        signal("STOP", tree(root));
    }

    /** Lets {@code root} and everything below it run again. */
    static void continueTree(long root) {
        signal("CONT", tree(root));
    }

    private static void signal(String signal, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pids + " did not finish");
            }
            String output = new String(kill.getInputStream().readAllBytes()).trim();
            // A process that exited between listing and signalling is no failure: it cannot answer anyway.
            boolean onlyGone = output.lines().allMatch(line -> line.contains("No such process"));
            if (kill.exitValue() != 0 && !onlyGone) {
                throw new IllegalStateException("kill -" + signal + " " + pids + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kill -" + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pids, e);
        }
    }
}
