package dev.lancet.cli;

import dev.lancet.runtime.LancetException;

/** Parses {@code --ids 1,5,9}. */
final class IdList {
    private IdList() {
    }

    static int[] parse(String csv) {
        String s = csv.trim();
        if (s.isEmpty()) return new int[0];
        String[] parts = s.split("\\s*,\\s*");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new LancetException("--ids: '" + parts[i] + "' is not an integer token id");
            }
        }
        return ids;
    }
}
