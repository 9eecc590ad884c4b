package com.corpastro.performance.scaling;

/**
 * A running node as its heartbeat tells it.
 *
 * @param nodeId      the node's name
 * @param utilization its combined utilization at its last heartbeat
 */
record NodeLoad(String nodeId, double utilization) {
}
