package dev.lancet.tokenizer.decode;

/** The end of a decoder chain: concatenates every fragment it receives. */
public final class TextCollector implements TokenStream {
    private final StringBuilder text = new StringBuilder();

    @Override
    public void begin() {
    }

    @Override
    public void text(CharSequence fragment) {
        text.append(fragment);
    }

    @Override
    public void end() {
    }

    @Override
    public void finish() {
    }

    /** The text collected since the last call, which is then forgotten. */
    public String drain() {
        String s = text.toString();
        text.setLength(0);
        return s;
    }
}
