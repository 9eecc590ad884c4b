package com.corpastro.performance.realtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** The last events of one topic, oldest first, for {@code Last-Event-ID} resume; guarded by the hub's topic lock. */
final class ReplayBuffer {

    private final int capacity;
    private final ArrayDeque<RealtimeEvent> events = new ArrayDeque<>();

    ReplayBuffer(int capacity) {
        this.capacity = capacity;
    }

    void add(RealtimeEvent event) {
        if (events.size() == capacity) {
            events.pollFirst();
        }
        events.addLast(event);
    }

    /** The events after {@code lastEventId}, or null when it is not (or no longer) in the buffer. */
    List<RealtimeEvent> after(String lastEventId) {
        List<RealtimeEvent> later = new ArrayList<>();
        for (Iterator<RealtimeEvent> it = events.descendingIterator(); it.hasNext();) {
            RealtimeEvent event = it.next();
            if (event.id().equals(lastEventId)) {
                Collections.reverse(later);
                return later;
            }
            later.add(event);
        }
        return null;
    }
}
