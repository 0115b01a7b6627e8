package dev.lancet.steering.values;

/**
 * One Portrait Values Questionnaire item.
 *
 * @param number        1-based item number (its row in the questionnaire file)
 * @param value         the Schwartz value the item measures
 * @param statement     the portrait, e.g. "It is important to me to be rich. ..."
 * @param question      the portrait rephrased as a question (may be empty)
 * @param questionnaire questionnaire name, e.g. {@code PVQ40}
 * @param keying        +1 when agreeing expresses the value, -1 for a reverse-keyed item (scored 7 - x)
 */
public record PvqItem(int number, SchwartzValue value, String statement, String question,
                      String questionnaire, int keying) {
    public PvqItem {
        if (keying != 1 && keying != -1) {
            throw new ValueDataException("PVQ item " + number + ": keying must be 1 or -1, got " + keying);
        }
    }
}
