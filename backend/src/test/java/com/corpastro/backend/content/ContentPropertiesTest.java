package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The content properties added for issue 14: their defaults, and bad values failing with the value. */
class ContentPropertiesTest {

    @Test
    void theDefaultsAreAThousandGenerationsADayBatchesOfAThousandAnd256KbAnswers() {
        ContentProperties content = new ContentProperties();
        assertThat(content.getGenerationQuota()).isEqualTo(1000);
        assertThat(content.getCleanupBatchSize()).isEqualTo(1000);
        assertThat(new ContentGeneratorProperties().getMaxAnswerSize()).isEqualTo(DataSize.ofKilobytes(256));
    }

    @Test
    void badValuesFailWithTheValue() {
        ContentProperties content = new ContentProperties();
        assertThatThrownBy(() -> content.setCleanupBatchSize(0))
                .hasMessage("corp-astro.content.cleanup-batch-size must be between 1 and 100000, was 0");
        assertThatThrownBy(() -> content.setGenerationQuota(-5))
                .hasMessage("corp-astro.content.generation-quota must be >= 0 (0 turns it off), was -5");
        assertThatThrownBy(() -> new ContentGeneratorProperties().setMaxAnswerSize(DataSize.ofBytes(10)))
                .hasMessage("corp-astro.content.generator.max-answer-size must be between 1KB and 2GB, was 10B");
    }
}
