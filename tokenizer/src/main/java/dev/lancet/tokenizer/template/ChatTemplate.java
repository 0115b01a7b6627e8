package dev.lancet.tokenizer.template;

import dev.lancet.tokenizer.template.Node.Stmt;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled Jinja chat template (the {@code chat_template} of a Hugging Face {@code tokenizer_config.json}),
 * rendered the way {@code @huggingface/jinja} (the engine transformers.js uses) renders it: with
 * {@code trim_blocks} and {@code lstrip_blocks}, undefined variables falsy and rendering as nothing, and the
 * reference's text form of values ({@code true}, {@code 2.0}, lists and mappings as JSON).
 *
 * <p>Immutable and thread-safe: compile once, render many times.
 */
public final class ChatTemplate {
    private final SourceText source;
    private final List<Stmt> body;

    private ChatTemplate(SourceText source, List<Stmt> body) {
        this.source = source;
        this.body = body;
    }

    /**
     * Parses a template.
     *
     * @throws TemplateException with line and column for a syntax error
     */
    public static ChatTemplate compile(String source) {
        Objects.requireNonNull(source, "template source");
        SourceText text = SourceText.preprocess(source);
        try {
            return new ChatTemplate(text, Parser.parse(text, Lexer.tokenize(text)));
        } catch (StackOverflowError e) {
            throw new TemplateException("template nests too deeply to parse");
        }
    }

    /**
     * Renders with the given variables. Values may be String, Number, Boolean, null, List (or other Iterable),
     * Map with string keys, or Jackson JSON nodes; they are copied, never modified.
     *
     * @throws TemplateException for an error while rendering (with its template position) or a template's
     *     {@code raise_exception(message)} (with exactly that message)
     */
    public String render(Map<String, Object> variables) {
        Scope scope = new Scope(Globals.newScope());
        if (variables != null) {
            for (Map.Entry<String, Object> e : variables.entrySet()) {
                scope.set(e.getKey(), Values.fromJava(e.getValue(), e.getKey()));
            }
        }
        try {
            return new Interpreter(source).render(body, scope);
        } catch (StackOverflowError e) {
            throw new TemplateException("template nests too deeply to render");
        }
    }
}
