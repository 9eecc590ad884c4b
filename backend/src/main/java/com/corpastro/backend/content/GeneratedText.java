package com.corpastro.backend.content;

/** A generated content text, the generator that wrote it, and the sky it was written from. */
public record GeneratedText(String body, ContentSource source, Sky sky) {
}
