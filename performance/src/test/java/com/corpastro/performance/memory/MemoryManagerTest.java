package com.corpastro.performance.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import com.corpastro.performance.error.AppError;

class MemoryManagerTest {

    private final List<String> changes = new ArrayList<>();
    private final AtomicReference<Double> heap = new AtomicReference<>(0.5);
    private final MemoryManager manager = MemoryManager.builder()
            .heapUsageAfterGc(heap::get)
            .retryAfter(Duration.ofSeconds(20))
            .listener((from, to, usage) -> changes.add(from + "->" + to))
            .build();
    private final LoadShedding shedding = new LoadShedding(manager);

    private MemoryState at(double usage) {
        heap.set(usage);
        return manager.evaluate();
    }

    @Test
    void warningLevelShrinksAndHysteresisAvoidsFlapping() {
        assertThat(at(0.70)).isEqualTo(MemoryState.NORMAL);
        assertThat(at(0.76)).isEqualTo(MemoryState.WARNING);
        assertThat(at(0.72)).as("inside the hysteresis band").isEqualTo(MemoryState.WARNING);
        assertThat(at(0.77)).isEqualTo(MemoryState.WARNING);
        assertThat(at(0.69)).isEqualTo(MemoryState.NORMAL);
        assertThat(changes).containsExactly("NORMAL->WARNING", "WARNING->NORMAL");
        assertThat(manager.isSheddingLoad()).isFalse();
    }

    @Test
    void criticalLevelShedsGenerationUntilUsageFallsBelowTheBand() {
        shedding.check();
        assertThat(at(0.93)).isEqualTo(MemoryState.CRITICAL);
        assertThat(manager.isSheddingLoad()).isTrue();
        assertThatThrownBy(shedding::check).isInstanceOfSatisfying(AppError.class, error -> {
            assertThat(error.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(error.code()).isEqualTo("overloaded");
            assertThat(error.headers()).containsEntry("Retry-After", "20");
        });
        assertThat(at(0.87)).as("inside the hysteresis band").isEqualTo(MemoryState.CRITICAL);
        assertThat(at(0.80)).isEqualTo(MemoryState.WARNING);
        assertThat(manager.isSheddingLoad()).isFalse();
        assertThat(shedding.call(() -> "generated")).isEqualTo("generated");
        assertThat(at(0.50)).isEqualTo(MemoryState.NORMAL);
        assertThat(changes).containsExactly("NORMAL->CRITICAL", "CRITICAL->WARNING", "WARNING->NORMAL");
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        List<MemoryState> seen = new ArrayList<>();
        MemoryManager withBadListener = MemoryManager.builder()
                .listener((from, to, usage) -> {
                    throw new IllegalStateException("boom");
                })
                .listener((from, to, usage) -> seen.add(to))
                .build();
        withBadListener.observe(0.99);
        assertThat(seen).containsExactly(MemoryState.CRITICAL);
    }

    @Test
    void watchesTheRealHeapThroughJmx() {
        MemoryManager real = MemoryManager.builder().build();
        real.start();
        try {
            System.gc();
            assertThat(real.evaluate()).isEqualTo(MemoryState.NORMAL);
            assertThat(real.lastHeapUsage()).isBetween(0.0, 0.75);
        } finally {
            real.close();
        }
    }

    @Test
    void badLevelsFailWithTheValue() {
        assertThatThrownBy(() -> MemoryManager.builder().warningLevel(1.5))
                .hasMessage("warningLevel must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> MemoryManager.builder().warningLevel(0.9).criticalLevel(0.8).build())
                .hasMessageContaining("criticalLevel must be above warningLevel");
        assertThatThrownBy(() -> MemoryManager.builder().retryAfter(Duration.ZERO))
                .hasMessageContaining("retryAfter must be >= 1s, was PT0S");
    }
}
