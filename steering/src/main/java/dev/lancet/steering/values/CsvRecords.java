package dev.lancet.steering.values;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma separated fields, fields optionally enclosed in double quotes, {@code ""}
 * inside quotes for one quote, quoted fields may hold commas and line breaks, records end at LF or
 * CRLF. A leading byte-order mark is dropped. Each record remembers the physical line it starts on
 * so that errors can name it.
 */
final class CsvRecords {
    /** One record: its fields and the 1-based line it starts on. */
    record Row(int line, List<String> fields) {}

    private CsvRecords() {}

    /**
     * Splits {@code text} into records. Blank lines (no characters at all) are skipped.
     *
     * @param source file name used in error messages
     */
    static List<Row> parse(String text, String source) {
        List<Row> rows = new ArrayList<>();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int n = text.length();
        int line = 1;
        while (i < n) {
            int startLine = line;
            if (text.charAt(i) == '\n' || (text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n')) {
                i += text.charAt(i) == '\r' ? 2 : 1;
                line++;
                continue;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean endOfRecord = false;
            while (!endOfRecord) {
                field.setLength(0);
                if (i < n && text.charAt(i) == '"') {
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                            } else {
                                i++;
                                closed = true;
                                break;
                            }
                        } else {
                            if (c == '\n') line++;
                            field.append(c);
                            i++;
                        }
                    }
                    if (!closed) {
                        throw new ValueDataException(source + ":" + startLine
                                + ": quoted field is never closed (missing '\"')");
                    }
                    if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        throw new ValueDataException(source + ":" + line
                                + ": unexpected character '" + text.charAt(i) + "' after a closing quote");
                    }
                } else {
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == ',' || c == '\n' || c == '\r') break;
                        if (c == '"') {
                            throw new ValueDataException(source + ":" + line
                                    + ": a quote inside an unquoted field (quote the whole field and double the quote)");
                        }
                        field.append(c);
                        i++;
                    }
                }
                fields.add(field.toString());
                if (i >= n) {
                    endOfRecord = true;
                } else if (text.charAt(i) == ',') {
                    i++;
                } else if (text.charAt(i) == '\r') {
                    if (i + 1 < n && text.charAt(i + 1) == '\n') i++;
                    i++;
                    line++;
                    endOfRecord = true;
                } else { // '\n'
                    i++;
                    line++;
                    endOfRecord = true;
                }
            }
            rows.add(new Row(startLine, List.copyOf(fields)));
        }
        return rows;
    }

    /** Quotes a field for writing when it holds a comma, quote or line break. */
    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
