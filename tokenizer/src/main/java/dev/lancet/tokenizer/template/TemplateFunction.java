package dev.lancet.tokenizer.template;

/** Something a template can call: a global ({@code range}, {@code raise_exception}), a macro, a bound method. */
@FunctionalInterface
interface TemplateFunction {
    Object call(Arguments args);
}
