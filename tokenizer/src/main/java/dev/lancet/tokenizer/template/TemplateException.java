package dev.lancet.tokenizer.template;

/**
 * A chat template that cannot be compiled or rendered: a syntax error, a type error while rendering, or a
 * template's own {@code raise_exception(...)}. Where the template position is known, {@link #line()} and
 * {@link #column()} give it (1-based, in the template source as written) and the message starts with it;
 * a message raised by the template itself is kept exactly as the template wrote it.
 */
public class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String detail;
    private final int line;
    private final int column;
    private final boolean raisedByTemplate;

    /** An error without a template position (for example a bad tokenizer_config.json). */
    public TemplateException(String detail) {
        this(detail, -1, -1, false, null);
    }

    public TemplateException(String detail, Throwable cause) {
        this(detail, -1, -1, false, cause);
    }

    TemplateException(String detail, int line, int column, boolean raisedByTemplate, Throwable cause) {
        super(format(detail, line, column, raisedByTemplate), cause);
        this.detail = detail;
        this.line = line;
        this.column = column;
        this.raisedByTemplate = raisedByTemplate;
    }

    /** The message from {@code raise_exception(message)} in the template. */
    static TemplateException raised(String message) {
        return new TemplateException(message, -1, -1, true, null);
    }

    private static String format(String detail, int line, int column, boolean raisedByTemplate) {
        if (line < 0 || raisedByTemplate) {
            return detail;
        }
        return "line " + line + ", column " + column + ": " + detail;
    }

    /** The message without its position prefix. */
    public String detail() {
        return detail;
    }

    /** 1-based line in the template source, or -1 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column (UTF-16 units) in the template source, or -1 when unknown. */
    public int column() {
        return column;
    }

    /** True when the template itself called {@code raise_exception}. */
    public boolean raisedByTemplate() {
        return raisedByTemplate;
    }

    boolean hasLocation() {
        return line >= 0;
    }

    /** This error placed at a template position (the innermost position wins: an already placed error is kept). */
    TemplateException at(int line, int column) {
        if (hasLocation()) {
            return this;
        }
        TemplateException placed = new TemplateException(detail, line, column, raisedByTemplate, getCause());
        placed.setStackTrace(getStackTrace());
        return placed;
    }

    /** The same error with a prefix naming where the template came from (a file, a field). */
    TemplateException within(String origin) {
        TemplateException wrapped =
                new TemplateException(origin + ": " + detail, line, column, raisedByTemplate, getCause());
        wrapped.setStackTrace(getStackTrace());
        return wrapped;
    }
}
