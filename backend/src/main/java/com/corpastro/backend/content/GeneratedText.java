package com.corpastro.backend.content;

/** A generated content text and the generator that wrote it. */
public record GeneratedText(String body, ContentSource source) {
}
