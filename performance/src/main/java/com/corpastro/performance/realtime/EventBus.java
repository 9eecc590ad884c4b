package com.corpastro.performance.realtime;

/** Carries this node's events to the other nodes; each node fans out what it receives to its own subscribers. */
interface EventBus {

    /** One node: nothing to carry. */
    EventBus LOCAL = new EventBus() {
        @Override
        public void send(RealtimeEvent event) {
        }

        @Override
        public String name() {
            return "in-process";
        }
    };

    void send(RealtimeEvent event);

    String name();

    default void close() {
    }
}
