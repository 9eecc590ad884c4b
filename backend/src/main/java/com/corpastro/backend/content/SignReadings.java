package com.corpastro.backend.content;

import java.time.LocalDate;

import org.springframework.stereotype.Component;

import com.corpastro.backend.astro.Sign;
import com.corpastro.backend.template.Template;
import com.corpastro.backend.template.TemplateService;

/**
 * Sun-sign readings: the content type's template filled from the period's sky with the Sun's sign as
 * the chart, by the built-in generator only, so every caller (and every edge cache) gets the same
 * text for the same sign, period and template version.
 */
@Component
public class SignReadings {

    private final BuiltinContentGenerator builtin;
    private final TemplateService templates;

    SignReadings(BuiltinContentGenerator builtin, TemplateService templates) {
        this.builtin = builtin;
        this.templates = templates;
    }

    /**
     * @param template the template the text was written from (its key names the entity a change of it purges)
     */
    public record SignReading(Sign sign, ContentType type, LocalDate periodStart, String body, Sky sky,
            Template template) {
    }

    /** The reading of {@code sign} for the {@code type} period that holds {@code day}. */
    public SignReading read(Sign sign, ContentType type, LocalDate day) {
        LocalDate periodStart = type.periodStart(day);
        Template template = templates.get(type.templateKey());
        PeriodSky period = builtin.readSign(sign, type, periodStart);
        return new SignReading(sign, type, periodStart, builtin.write(period, template), Sky.of(period), template);
    }
}
