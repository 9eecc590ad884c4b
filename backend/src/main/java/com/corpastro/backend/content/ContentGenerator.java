package com.corpastro.backend.content;

import java.time.LocalDate;

import com.corpastro.backend.business.Business;
import com.corpastro.backend.template.Template;

/** Writes the text of one piece of content. Implementations must be thread-safe. */
public interface ContentGenerator {

    /**
     * @param business    the business the content is about, with its natal chart
     * @param type        what to write
     * @param periodStart the first day of the period covered
     * @param template    the content type's template, with named placeholders
     */
    String generate(Business business, ContentType type, LocalDate periodStart, Template template);
}
