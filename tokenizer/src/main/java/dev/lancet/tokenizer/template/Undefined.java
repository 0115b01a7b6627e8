package dev.lancet.tokenizer.template;

/**
 * The value of a missing variable, attribute or key. As in the reference engine it is falsy, renders as
 * nothing, has only undefined attributes, and is distinct from {@code none} (Java {@code null}) for the
 * {@code defined}/{@code none} tests.
 */
enum Undefined {
    INSTANCE
}
