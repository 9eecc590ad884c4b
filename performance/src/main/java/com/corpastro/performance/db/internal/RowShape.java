package com.corpastro.performance.db.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the fields of input rows (maps or records) in one fixed order. */
final class RowShape {

    private final List<String> fields;
    private final RecordComponent[] components;
    private final Class<?> recordType;
    private final Set<?> keys;

    private RowShape(List<String> fields, RecordComponent[] components, Class<?> recordType, Set<?> keys) {
        this.fields = fields;
        this.components = components;
        this.recordType = recordType;
        this.keys = keys;
    }

    static RowShape of(Object first) {
        if (first instanceof Map<?, ?> map) {
            List<String> fields = new ArrayList<>();
            for (Object key : map.keySet()) {
                if (!(key instanceof String s)) {
                    throw new IllegalArgumentException("row 0: column names must be strings, was " + key);
                }
                fields.add(s);
            }
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("row 0 has no columns");
            }
            return new RowShape(fields, null, null, Set.copyOf(map.keySet()));
        }
        if (first != null && first.getClass().isRecord()) {
            RecordComponent[] components = first.getClass().getRecordComponents();
            List<String> fields = new ArrayList<>();
            for (RecordComponent component : components) {
                component.getAccessor().setAccessible(true);
                fields.add(component.getName());
            }
            return new RowShape(fields, components, first.getClass(), null);
        }
        throw new IllegalArgumentException("rows must be maps or records, row 0 was "
                + (first == null ? "null" : first.getClass().getName()));
    }

    List<String> fields() {
        return fields;
    }

    /** The row's values in field order. */
    Object[] values(Object row, long index) {
        Object[] values = new Object[fields.size()];
        if (components == null) {
            if (!(row instanceof Map<?, ?> map) || map.size() != keys.size() || !map.keySet().containsAll(keys)) {
                throw new IllegalArgumentException("row " + index + " does not have the columns of row 0 " + fields
                        + ": " + (row instanceof Map<?, ?> m ? m.keySet() : row));
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = map.get(fields.get(i));
            }
            return values;
        }
        if (row == null || row.getClass() != recordType) {
            throw new IllegalArgumentException("row " + index + " is not a " + recordType.getSimpleName() + ": " + row);
        }
        try {
            for (int i = 0; i < values.length; i++) {
                values[i] = components[i].getAccessor().invoke(row);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException("row " + index + " could not be read: " + e.getMessage(), e);
        }
        return values;
    }
}
