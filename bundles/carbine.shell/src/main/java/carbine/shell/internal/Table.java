package carbine.shell.internal;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns, for the terminal. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
        columns = header.length;
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            Object cell = i < cells.length ? cells[i] : null;
            r[i] = cell == null ? "-" : cell.toString();
        }
        rows.add(r);
        return this;
    }

    int size() {
        return rows.size() - 1;
    }

    @Override
    public String toString() {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                out.append(r[i]);
                if (i < columns - 1) {
                    out.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }
}
