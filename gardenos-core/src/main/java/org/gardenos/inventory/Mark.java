package org.gardenos.inventory;

/** Where a value starts in the inventory file; line and column are 1-based, as editors show them. */
public record Mark(int line, int column) implements Comparable<Mark> {
    static final Mark START = new Mark(1, 1);

    @Override
    public int compareTo(Mark other) {
        return line != other.line ? Integer.compare(line, other.line) : Integer.compare(column, other.column);
    }
}
