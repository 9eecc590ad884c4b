package com.corpastro.performance.scaling;

import java.util.List;

/** Which nodes are running and how loaded each is, as this node sees it. */
interface ClusterView extends AutoCloseable {

    /**
     * Records this node's heartbeat with its {@code utilization} at {@code wallMillis} and returns
     * every running node, this one included.
     */
    List<NodeLoad> heartbeat(String nodeId, double utilization, long wallMillis);

    /** This node stops: it is no longer counted. */
    void leave(String nodeId);

    @Override
    void close();

    /** Only this node: the view without Redis. */
    static ClusterView single() {
        return new ClusterView() {
            @Override
            public List<NodeLoad> heartbeat(String nodeId, double utilization, long wallMillis) {
                return List.of(new NodeLoad(nodeId, utilization));
            }

            @Override
            public void leave(String nodeId) {
            }

            @Override
            public void close() {
            }
        };
    }
}
